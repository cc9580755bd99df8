import os

import pytest

from contracts.choices import Role
from tests.factories import ContractFactory, MembershipFactory, ServiceAreaFactory, UserFactory

# In CI a missing service or browser is a failure, never a silent skip.
REQUIRE_SERVICES = os.environ.get("OVERSIGHT_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (OVERSIGHT_REQUIRE_SERVICES=1: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture
def contract(db):
    contract = ContractFactory(reference="CSSC")
    ServiceAreaFactory(contract=contract, name="IMT")
    ServiceAreaFactory(contract=contract, name="Customer Service Centre")
    return contract


@pytest.fixture
def member(db):
    """A factory: member(contract, role) -> a signed-in-able user with that role."""

    def make(contract, role=Role.OFFICER, service_areas=None, username=None):
        user = UserFactory(**({"username": username} if username else {}))
        MembershipFactory(user=user, contract=contract, role=role, service_areas=service_areas)
        return user

    return make


@pytest.fixture
def manager(contract, member):
    return member(contract, Role.CONTRACT_MANAGER, username="manager")


@pytest.fixture
def officer(contract, member):
    return member(contract, Role.OFFICER, username="officer")


@pytest.fixture
def board_member(contract, member):
    return member(contract, Role.BOARD_MEMBER, username="board")


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", groups=["Administrators"])


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", groups=["Clerks"])


@pytest.fixture
def demo(db):
    from tests.demo.loading import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The demo creates six users; real hashing would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached renderings are keyed by database ids, which a rolled-back test reuses.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    # Stored files (published packs, supporting documents) never land in the project.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT
