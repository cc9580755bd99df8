import pytest

from procurement.choices import ApprovalStatus
from tests.factories import AssessmentFactory, AssessmentRatingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_assessment_read_only_once_approved(superuser_client, contract):
    draft = AssessmentRatingFactory(assessment__contract=contract).assessment
    approved = AssessmentFactory(contract=contract, status=ApprovalStatus.APPROVED)
    base = "/admin/procurement/assessment"
    assert 'name="notes"' in superuser_client.get(f"{base}/{draft.pk}/change/").content.decode()
    page = superuser_client.get(f"{base}/{approved.pk}/change/").content.decode()
    assert 'name="notes"' not in page
    assert superuser_client.get(f"{base}/{approved.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    "model", ["party", "contractdetails", "breachnotice", "assessmentreminder"]
)
def test_admin_lists_open(superuser_client, model):
    assert superuser_client.get(f"/admin/procurement/{model}/").status_code == 200
