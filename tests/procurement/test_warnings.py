from datetime import date
from decimal import Decimal

import pytest
import time_machine

from contracts.choices import ContractStatus
from procurement.choices import ApprovalStatus
from procurement.selectors import contract_warnings
from tests.factories import AssessmentFactory, KPIFactory

pytestmark = pytest.mark.django_db
DASHBOARD = "/contracts/CSSC/"


def texts(contract, today):
    return [warning.text for warning in contract_warnings(contract, today, url="/")]


@pytest.fixture
def three_published(contract):
    for code in ("A_1", "A_2", "A_3"):
        KPIFactory(contract=contract, code=code, published=True)


def test_warnings_none_without_procurement_details(contract):
    assert texts(contract, date(2018, 3, 1)) == []


def test_warnings_too_few_published_kpis_above_5_million(details):
    KPIFactory(contract=details.contract, published=True)
    found = texts(details.contract, date(2017, 6, 1))
    assert found == [
        "This contract is worth more than £5 million but has fewer than three published "
        "KPIs, and no reason is recorded."
    ]


@pytest.mark.parametrize(
    ("value", "rationale"), [(Decimal("5000000"), ""), (Decimal("12000000"), "Two suffice.")]
)
def test_warnings_no_kpi_warning_at_5_million_or_with_a_rationale(details, value, rationale):
    details.value, details.no_metrics_rationale = value, rationale
    details.save()
    assert texts(details.contract, date(2017, 6, 1)) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 2, 28), []),
        (date(2018, 3, 1), ["The next KPI assessment is due by 31 March 2018."]),
        (date(2018, 3, 31), ["The next KPI assessment is due by 31 March 2018."]),
        (date(2018, 4, 1), ["The KPI assessment due by 31 March 2018 is overdue."]),
    ],
)
def test_warnings_assessment_due(details, three_published, today, expected):
    assert texts(details.contract, today) == expected  # contract started April 2017


def test_warnings_due_date_follows_the_last_approved_assessment(details, three_published):
    contract = details.contract
    AssessmentFactory(
        contract=contract,
        period_start=date(2017, 4, 1),
        period_end=date(2018, 3, 1),
        status=ApprovalStatus.APPROVED,
    )
    AssessmentFactory(contract=contract, period_start=date(2018, 4, 1), period_end=date(2019, 3, 1))
    assert texts(contract, date(2018, 4, 1)) == []
    assert texts(contract, date(2019, 3, 1)) == ["The next KPI assessment is due by 31 March 2019."]


def test_warnings_none_once_the_contract_has_ended(details, three_published):
    details.contract.status = ContractStatus.ENDED
    details.contract.save()
    assert texts(details.contract, date(2019, 1, 1)) == []


def test_warnings_on_the_dashboard_for_managers_only(client, details, manager, board_member):
    with time_machine.travel(date(2018, 4, 2), tick=False):
        client.force_login(manager)
        page = client.get(DASHBOARD).content.decode()
        assert "is overdue" in page and "fewer than three published" in page
        client.force_login(board_member)
        page = client.get(DASHBOARD).content.decode()
        assert "is overdue" not in page
        assert "Procurement Act assessments" in page  # board members read approved ones


def test_dashboard_hides_assessments_from_officers(client, details, officer):
    client.force_login(officer)
    assert "Procurement Act assessments" not in client.get(DASHBOARD).content.decode()


def test_warnings_on_the_home_page(client, details, manager, officer):
    with time_machine.travel(date(2018, 3, 10), tick=False):
        client.force_login(manager)
        page = client.get("/").content.decode()
        assert "CSSC: The next KPI assessment is due by 31 March 2018." in page
        client.force_login(officer)
        assert "next KPI assessment" not in client.get("/").content.decode()


def test_warnings_none_after_the_final_assessment(details, three_published):
    AssessmentFactory(
        contract=details.contract,
        period_start=date(2017, 4, 1),
        period_end=date(2017, 12, 1),
        final=True,
        status=ApprovalStatus.APPROVED,
    )
    assert texts(details.contract, date(2019, 1, 1)) == []
