import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from contracts.choices import Role
from procurement.choices import ApprovalStatus, Rating
from procurement.models import Assessment
from tests.factories import UserFactory

from .notice_data import assessment_with, notice_ready, published_kpi
from .schema import assert_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(contract, manager, member):
    notice_ready(contract)
    ratings = [
        (published_kpi(contract, "CSC_KPI_04"), Rating.MET, {}),
        (published_kpi(contract, "ACF_KPI_03"), Rating.SIGNIFICANTLY_BELOW, {"red": 4}),
    ]
    approver = member(contract, Role.CONTRACT_MANAGER, username="manager2")
    return assessment_with(
        contract, manager, ratings, status=ApprovalStatus.APPROVED, approver=approver
    )


@pytest.fixture
def draft(approved, manager):
    return assessment_with(approved.contract, manager, [])


def url(name, assessment):
    return reverse(f"procurement:{name}", args=[assessment.contract.reference, assessment.pk])


def test_notice_json_downloads_the_release_package(client, approved, manager):
    client.force_login(manager)
    response = client.get(url("notice_json", approved))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="CSSC-assessment-{approved.pk}-notice.json"'
    )
    package = json.loads(response.content)
    assert_valid(package)
    assert package["uri"] == f"http://testserver{url('notice_json', approved)}"


def test_notice_page_reads_as_the_notice(client, approved, board_member):
    client.force_login(board_member)
    content = client.get(url("notice_page", approved)).content.decode()
    assert "Contract performance notice: October 2017 to September 2018" in content
    assert "Approved; not yet published on the central digital platform." in content
    assert "Example County Council (GB-PPON PMZV-7732-XXTT)" in content
    assert "ocds-h6vhtk-04f1a2" in content
    assert "£72,500,000.00" in content
    assert "Good" in content and "Inadequate" in content
    assert "Ratings, October 2017 to September 2018" in content


def test_notice_csv_lists_each_rating(client, approved, manager):
    client.force_login(manager)
    response = client.get(url("notice_csv", approved))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["KPI", "Name", "Target", "Rating"]
    assert [(row[0], row[3], row[7]) for row in rows[1:]] == [
        ("ACF_KPI_03", "Inadequate", "4"),
        ("CSC_KPI_04", "Good", "0"),
    ]


def test_notice_pdf_is_the_printable_notice(client, approved, manager):
    client.force_login(manager)
    response = client.get(url("notice_pdf", approved))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="CSSC-assessment-{approved.pk}-notice.pdf"'
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Contract performance notice: October 2017 to September 2018" in text
    assert "Inadequate" in text and "ACF_KPI_03" in text
    assert "OCDS JSON" not in text


def test_notice_of_a_draft_says_it_is_not_the_authoritys_assessment(client, draft, manager):
    client.force_login(manager)
    content = client.get(url("notice_page", draft)).content.decode()
    assert "Not approved: this is not yet the authority's assessment." in content


@pytest.mark.parametrize("name", ["notice_json", "notice_page", "notice_csv", "notice_pdf"])
def test_notice_exports_are_scoped_like_the_assessment(
    client, approved, draft, board_member, officer, name
):
    client.force_login(board_member)
    assert client.get(url(name, approved)).status_code == 200
    assert client.get(url(name, draft)).status_code == 404
    client.force_login(officer)
    assert client.get(url(name, approved)).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url(name, approved)).status_code == 404
    client.logout()
    assert client.get(url(name, approved)).status_code == 302


def test_notice_of_a_contract_without_details_says_what_is_missing(client, approved, manager):
    approved.contract.supplier.party.delete()
    client.force_login(manager)
    response = client.get(url("notice_json", approved))
    assert response.status_code == 409
    assert "has no identifier and address yet" in response.content.decode()


@pytest.mark.parametrize("name", ["notice_json", "notice_page", "notice_csv"])
def test_notice_queries_do_not_grow_with_the_ratings(client, approved, manager, name):
    client.force_login(manager)
    few = _queries(client, url(name, approved))
    ratings = [(published_kpi(approved.contract, f"MORE_{n}"), Rating.MET, {}) for n in range(5)]
    many = assessment_with(approved.contract, manager, ratings)
    assert _queries(client, url(name, many)) == few


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_notice_of_a_published_assessment_names_the_platforms_notice(client, approved, manager):
    Assessment.objects.filter(pk=approved.pk).update(
        notice_id="045678-2018", notice_published_on=date(2018, 11, 1)
    )
    client.force_login(manager)
    content = client.get(url("notice_page", approved)).content.decode()
    assert "Published on the central digital platform on 1 November 2018" in content
    assert "as notice 045678-2018" in content
    package = json.loads(client.get(url("notice_json", approved)).content)
    documents = package["releases"][0]["contracts"][0]["implementation"]["documents"]
    assert [(d["id"], d["noticeType"]) for d in documents] == [("045678-2018", "UK9")]
