from datetime import date

import pytest

from contracts.choices import Role
from procurement.choices import ApprovalStatus, Rating
from procurement.models import Assessment, BreachNotice, ContractDetails, Party
from procurement.services import assessment_approve, assessment_create, assessment_submit
from tests.factories import BreachNoticeFactory, UserFactory

from .conftest import PERIOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
LIST = "/contracts/CSSC/assessments/"


@pytest.fixture
def second_manager(contract, member):
    return member(contract, Role.CONTRACT_MANAGER, username="manager2")


@pytest.fixture
def draft(scored, manager):
    return assessment_create(
        contract=scored, start=PERIOD[0], end=PERIOD[1], final=False, notes="", user=manager
    )


@pytest.fixture
def approved(draft, manager, second_manager):
    assessment_submit(assessment=draft, user=manager)
    return assessment_approve(assessment=draft, user=second_manager)


def url(assessment, step=""):
    return f"{LIST}{assessment.pk}/{step}"


def test_assessment_list_for_a_manager(client, draft, manager):
    client.force_login(manager)
    page = client.get(LIST).content.decode()
    assert "October 2017 to September 2018" in page
    assert "Start an assessment" in page


def test_assessment_list_board_member_sees_approved_only(client, draft, board_member, manager):
    client.force_login(board_member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "October 2017 to September 2018" not in response.content.decode()
    assert "Start an assessment" not in response.content.decode()
    assert client.get(url(draft)).status_code == 404


def test_assessment_board_member_reads_an_approved_one(client, approved, board_member):
    client.force_login(board_member)
    page = client.get(url(approved)).content.decode()
    assert "CSC_KPI_07" in page and "Requires improvement" in page
    assert ">Approve<" not in page and "What you can do" not in page


def test_assessment_pages_refuse_officers(client, draft, officer):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.get(url(draft)).status_code == 403


def test_assessment_pages_hide_from_non_members(client, draft):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404
    assert client.get(url(draft)).status_code == 404


def test_assessment_create_page(client, scored, manager):
    client.force_login(manager)
    form = client.get(f"{LIST}new/").content.decode()
    assert 'value="2017-04"' in form  # the contract's start: no assessment yet
    response = client.post(
        f"{LIST}new/", {"start": "2017-10", "end": "2018-09", "notes": "First year."}
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == url(assessment)
    assert assessment.notes == "First year."
    assert assessment.ratings.count() == 2


def test_assessment_create_page_names_the_bad_field(client, scored, manager):
    client.force_login(manager)
    response = client.post(f"{LIST}new/", {"start": "2017-10", "end": "2018-13"})
    assert "Last month assessed" in response.content.decode()
    assert not Assessment.objects.exists()


def test_rating_page_needs_a_reason_to_change(client, draft, manager):
    client.force_login(manager)
    rating = draft.ratings.get(kpi__code="CSC_KPI_07")
    address = url(draft, f"ratings/{rating.pk}/")
    response = client.post(address, {"value": "met", "version": rating.version})
    assert "Give a reason" in response.content.decode()
    response = client.post(
        address,
        {"value": "met", "reason": "Agreed at the board.", "notes": "n", "version": rating.version},
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.rating, rating.reason, rating.notes) == (Rating.MET, "Agreed at the board.", "n")


def test_four_eyes_on_the_web(client, draft, manager, second_manager):
    client.force_login(manager)
    client.post(url(draft, "submit/"))
    draft.refresh_from_db()
    assert draft.status == ApprovalStatus.SUBMITTED
    page = client.get(url(draft)).content.decode()
    assert ">Approve<" not in page
    assert client.post(url(draft, "approve/")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ApprovalStatus.SUBMITTED
    client.force_login(second_manager)
    assert ">Approve<" in client.get(url(draft)).content.decode()
    client.post(url(draft, "approve/"))
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == (ApprovalStatus.APPROVED, second_manager)


def test_board_member_cannot_approve(client, draft, manager, board_member):
    assessment_submit(assessment=draft, user=manager)
    client.force_login(board_member)
    # A step is a contract manager's: refused before the (unseen) draft is looked up.
    assert client.post(url(draft, "approve/")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ApprovalStatus.SUBMITTED


def test_publication_page(client, approved, manager):
    client.force_login(manager)
    response = client.post(
        url(approved, "publication/"),
        {
            "notice_id": "024512-2025",
            "published_on": date(2018, 10, 15).isoformat(),
            "version": approved.version,
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.notice_id == "024512-2025"


def test_delete_a_draft_on_the_web(client, draft, manager):
    client.force_login(manager)
    assert client.post(url(draft, "delete/"))["Location"] == LIST
    assert not Assessment.objects.exists()


DETAILS = {
    "contract-procurement_title": "Corporate support services",
    "contract-value": "250000000",
    "contract-above_threshold": "on",
    "contract-ocid": "ocds-h6vhtk-04f1a2",
    "contract-contract_notice_id": "012345-2025",
    "contract-contract_identifier": "CSSC",
    "contract-no_metrics_rationale": "",
    "authority-legal_name": "Example County Council",
    "authority-identifier_scheme": "GB-LAE",
    "authority-identifier_id": "exc",
    "authority-street_address": "County Hall",
    "authority-locality": "Northampton",
    "authority-postal_code": "nn1 1ed",
    "authority-country_name": "United Kingdom",
    "authority-email": "procurement@example.gov.uk",
    "supplier-legal_name": "Example Services Limited",
    "supplier-identifier_scheme": "GB-COH",
    "supplier-identifier_id": "01234567",
    "supplier-street_address": "1 Victoria Street",
    "supplier-locality": "London",
    "supplier-postal_code": "SW1H0ET",
    "supplier-country_name": "United Kingdom",
    "supplier-email": "contracts@example.com",
}


def test_details_page_saves_the_contract_and_both_parties(client, contract, manager):
    client.force_login(manager)
    response = client.post(f"{LIST}details/", DETAILS)
    assert response.status_code == 302
    details = ContractDetails.objects.get(contract=contract)
    assert details.buyer.identifier_id == "EXC"
    assert details.buyer.postal_code == "NN1 1ED"
    supplier = Party.objects.get(supplier=contract.supplier)
    assert (supplier.identifier_id, supplier.postal_code) == ("01234567", "SW1H 0ET")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("supplier-identifier_id", "1234", "Supplier: identifier"),
        ("authority-postal_code", "NOT A PC", "Authority: postcode"),
        ("contract-ocid", "ocds-x", "OCID"),
        ("supplier-email", "nobody", "Supplier: contact e-mail"),
    ],
)
def test_details_page_names_the_bad_field(client, contract, manager, field, value, message):
    client.force_login(manager)
    response = client.post(f"{LIST}details/", {**DETAILS, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f'<a href="#id_{field}">') == 1  # said once in the error summary
    assert message in page
    assert not ContractDetails.objects.exists() and not Party.objects.exists()


def test_details_page_refuses_board_members(client, contract, board_member):
    client.force_login(board_member)
    assert client.get(f"{LIST}details/").status_code == 403


def test_breach_pages(client, scored, manager, second_manager):
    client.force_login(manager)
    kpi = scored.kpis.get(code="CSC_KPI_07")
    response = client.post(
        f"{LIST}breaches/new/",
        {
            "kind": "failure_to_improve",
            "requirement": "Answer calls within 60 seconds.",
            "description": "Calls unanswered.",
            "impact": "Residents waited.",
            "period_start": "2018-01-01",
            "period_end": "2018-03-31",
            "decision_date": "2018-04-20",
            "penalty_type": "imposed",
            "penalty_amount": "1000",
            "kpis": [kpi.pk],
        },
    )
    breach = BreachNotice.objects.get()
    assert response["Location"] == f"{LIST}breaches/{breach.pk}/"
    assert list(breach.kpis.all()) == [kpi]
    client.post(f"{LIST}breaches/{breach.pk}/submit/")
    assert client.post(f"{LIST}breaches/{breach.pk}/approve/").status_code == 403
    client.force_login(second_manager)
    client.post(f"{LIST}breaches/{breach.pk}/approve/")
    breach.refresh_from_db()
    assert breach.status == ApprovalStatus.APPROVED
    assert "Failure to improve" in client.get(f"{LIST}breaches/{breach.pk}/").content.decode()


def test_assessment_page_shows_its_audit_trail(client, approved, manager):
    client.force_login(manager)
    page = client.get(url(approved)).content.decode()
    assert "Change history" in page
    assert "Approved by manager2" in page and "Submitted by manager" in page
    assert "Rating of CSC_KPI_07" in page


def test_rating_page_only_for_a_draft(client, approved, manager):
    client.force_login(manager)
    rating = approved.ratings.first()
    response = client.get(url(approved, f"ratings/{rating.pk}/"))
    assert response["Location"] == url(approved)


def test_assessment_list_queries_do_not_grow_with_rows(
    client, scored, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    assessment_create(
        contract=scored, start=PERIOD[0], end=PERIOD[1], final=False, notes="", user=manager
    )
    BreachNoticeFactory(contract=scored, created_by=manager)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(20) as one:
        client.get(LIST)
    for year in (2018, 2019):
        BreachNoticeFactory(contract=scored, created_by=manager)
        assessment_create(
            contract=scored,
            start=PERIOD[0].add(12 * (year - 2017)),
            end=PERIOD[1].add(12 * (year - 2017)),
            final=False,
            notes="",
            user=manager,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(LIST)


def test_details_page_detects_a_concurrent_edit(client, details, manager):
    client.force_login(manager)
    supplier = Party.objects.get(supplier=details.contract.supplier)
    stale = {
        **DETAILS,
        "contract-version": details.version,
        "authority-version": details.buyer.version,
        "supplier-version": supplier.version,
    }
    details.procurement_title = "Changed by someone else"
    details.save()
    response = client.post(f"{LIST}details/", stale)
    assert response.status_code == 200
    assert "changed this contract details since you opened it" in response.content.decode()
    details.refresh_from_db()
    assert details.procurement_title == "Changed by someone else"
