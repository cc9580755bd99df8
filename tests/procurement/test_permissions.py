import pytest

from contracts.choices import Role
from procurement.choices import ApprovalStatus
from procurement.models import Assessment
from procurement.permissions import can_approve, can_draft, can_read
from tests.factories import AssessmentFactory, ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(contract, manager):
    elsewhere = ContractFactory()
    return {
        "draft": AssessmentFactory(contract=contract, created_by=manager),
        "approved": AssessmentFactory(
            contract=contract,
            created_by=manager,
            period_start="2018-10-01",
            period_end="2019-09-01",
            status=ApprovalStatus.APPROVED,
        ),
        "elsewhere": AssessmentFactory(contract=elsewhere, status=ApprovalStatus.APPROVED),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("manager", {"draft", "approved"}),
        ("board_member", {"approved"}),
        ("officer", set()),
        ("stranger", set()),
        ("clerk", {"approved", "elsewhere"}),
        ("administrator", {"draft", "approved", "elsewhere"}),
    ],
)
def test_visible_to_each_role(request, records, who, expected):
    user = UserFactory() if who == "stranger" else request.getfixturevalue(who)
    seen = Assessment.objects.visible_to(user)
    assert {name for name, record in records.items() if seen.filter(pk=record.pk).exists()} == (
        expected
    )


@pytest.mark.parametrize(
    ("who", "read", "draft"),
    [
        ("manager", True, True),
        ("board_member", True, False),
        ("officer", False, False),
        ("clerk", True, False),
        ("administrator", True, True),
    ],
)
def test_can_read_and_draft(request, contract, who, read, draft):
    user = request.getfixturevalue(who)
    assert (can_read(user, contract), can_draft(user, contract)) == (read, draft)


def test_can_approve_never_the_submitter(contract, manager, member, administrator, board_member):
    second = member(contract, Role.CONTRACT_MANAGER, username="manager2")
    submitted = AssessmentFactory(
        contract=contract, status=ApprovalStatus.SUBMITTED, submitted_by=manager
    )
    assert not can_approve(manager, submitted)
    assert can_approve(second, submitted)
    assert can_approve(administrator, submitted)
    assert not can_approve(board_member, submitted)
    submitted.status = ApprovalStatus.DRAFT
    assert not can_approve(second, submitted)
