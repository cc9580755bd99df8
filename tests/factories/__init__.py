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
