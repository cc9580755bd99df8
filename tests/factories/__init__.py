from .contracts import (
    ContractFactory,
    MembershipFactory,
    ServiceAreaFactory,
    SupplierFactory,
    UserFactory,
)

__all__ = [
    "ContractFactory",
    "MembershipFactory",
    "ServiceAreaFactory",
    "SupplierFactory",
    "UserFactory",
]
from .kpis import (  # noqa: E402
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
    area_kpi,
)

__all__ += ["KPIFactory", "KPIFigureFactory", "KPITargetFactory", "MitigationFactory", "area_kpi"]
from .imt import (  # noqa: E402
    BenefitFactory,
    GoLiveRevisionFactory,
    IMTProjectFactory,
    ProjectUpdateFactory,
)

__all__ += ["BenefitFactory", "GoLiveRevisionFactory", "IMTProjectFactory", "ProjectUpdateFactory"]
from .minutes import (  # noqa: E402
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ResolutionFactory,
)

__all__ += [
    "ActionFactory",
    "AgendaItemFactory",
    "BoardFactory",
    "MeetingFactory",
    "ResolutionFactory",
]
from .procurement import (  # noqa: E402
    AssessmentFactory,
    AssessmentRatingFactory,
    BreachNoticeFactory,
    ContractDetailsFactory,
    PartyFactory,
)

__all__ += [
    "AssessmentFactory",
    "AssessmentRatingFactory",
    "BreachNoticeFactory",
    "ContractDetailsFactory",
    "PartyFactory",
]
