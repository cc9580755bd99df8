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
from .kpis import KPIFactory, KPIFigureFactory, KPITargetFactory, MitigationFactory  # noqa: E402

__all__ += ["KPIFactory", "KPIFigureFactory", "KPITargetFactory", "MitigationFactory"]
