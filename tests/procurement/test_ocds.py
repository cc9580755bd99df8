from copy import deepcopy
from datetime import date, datetime
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from procurement.choices import ApprovalStatus, PenaltyType, Rating
from procurement.models import Assessment
from procurement.notices import notice_assessments, notice_package
from procurement.ocds import EXTENSIONS, NoticeIncomplete, release_package
from tests.factories import KPITargetFactory, UserFactory

from .notice_data import LONDON, approved_breach, assessment_with, notice_ready, published_kpi
from .schema import SCHEMA, assert_valid, schema_errors

NOW = datetime(2018, 11, 2, 9, 15, 30, 123456, tzinfo=LONDON)
URI = "https://oversight.example/contracts/CSSC/assessments/1/notice.json"


@pytest.fixture
def approver(db):
    return UserFactory(username="approver")


@pytest.fixture
def ready(contract):
    return notice_ready(contract)


def export(assessment) -> dict:
    fresh = notice_assessments().get(pk=assessment.pk)
    package = notice_package(fresh, uri=URI, published_at=NOW)
    assert_valid(package)
    return package


def four_ratings(contract):
    return [
        (published_kpi(contract, "CSC_KPI_04"), Rating.MET, {}),
        (published_kpi(contract, "CSC_KPI_01"), Rating.SLIGHTLY_BELOW, {}),
        (
            published_kpi(contract, "ACF_KPI_04"),
            Rating.BELOW,
            {"notes": "Mitigated: Apr–Sep 2018."},
        ),
        (published_kpi(contract, "ACF_KPI_03"), Rating.SIGNIFICANTLY_BELOW, {}),
    ]


def test_release_package_approved_and_published_is_the_uk9_notice(ready, manager, approver):
    assessment = assessment_with(
        ready.contract,
        manager,
        four_ratings(ready.contract),
        status=ApprovalStatus.APPROVED,
        approver=approver,
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        notice_id="045678-2018", notice_published_on=date(2018, 11, 1)
    )
    package = export(assessment)
    release = package["releases"][0]
    contract = release["contracts"][0]
    assert release["id"] == f"ocds-h6vhtk-04f1a2-uk9-{assessment.pk}-published"
    assert release["tag"] == ["implementation"]
    assert release["date"] == "2018-10-26T11:30:00+01:00"
    assert package["publishedDate"] == "2018-11-02T09:15:30+00:00"
    assert [p["roles"] for p in release["parties"]] == [["buyer"], ["supplier"]]
    assert release["parties"][1]["identifier"] == {
        "scheme": "GB-COH",
        "id": "02048608",
        "legalName": ready.contract.supplier.name,
    }
    assert release["awards"][0]["suppliers"][0]["id"] == "GB-COH-02048608"
    assert contract["value"] == {"amount": 72500000, "currency": "GBP"}
    ratings = {m["id"]: m["observations"][0] for m in contract["implementation"]["metrics"]}
    assert {code: o["measureClassification"]["id"] for code, o in ratings.items()} == {
        "ACF_KPI_03": "significantlyBelow",
        "ACF_KPI_04": "below",
        "CSC_KPI_01": "slightlyBelow",
        "CSC_KPI_04": "met",
    }
    assert ratings["CSC_KPI_04"]["measureClassification"]["description"] == (
        "meeting or exceeding the KPI"
    )
    assert ratings["CSC_KPI_04"]["period"] == {
        "startDate": "2017-10-01T00:00:00+01:00",
        "endDate": "2018-09-30T23:59:59+01:00",
    }
    assert ratings["ACF_KPI_04"]["notes"] == "Mitigated: Apr–Sep 2018."
    assert contract["implementation"]["documents"] == [
        {
            "id": "045678-2018",
            "documentType": "implementationNotice",
            "noticeType": "UK9",
            "datePublished": "2018-11-01T00:00:00+00:00",
        }
    ]


def test_release_package_draft_has_no_notice_document(ready, manager):
    assessment = assessment_with(ready.contract, manager, four_ratings(ready.contract))
    Assessment.objects.filter(pk=assessment.pk).update(notice_id="045678-2018")
    release = export(assessment)["releases"][0]
    assert release["id"].endswith(f"-uk9-{assessment.pk}-draft")
    assert release["date"] == "2018-11-02T09:15:30+00:00"
    assert "documents" not in release["contracts"][0]["implementation"]


def test_release_package_submitted_is_not_published(ready, manager):
    assessment = assessment_with(
        ready.contract, manager, four_ratings(ready.contract), status=ApprovalStatus.SUBMITTED
    )
    release = export(assessment)["releases"][0]
    assert release["id"].endswith("-submitted")
    assert "documents" not in release["contracts"][0]["implementation"]


def test_release_package_agreed_metrics_carry_the_target_in_force(ready, manager):
    kpi = published_kpi(ready.contract, "CSC_KPI_04", description="Calls answered in 60s.")
    KPITargetFactory(kpi=kpi, effective_from=date(2018, 4, 1), target=Decimal("97.5"), minimum=None)
    KPITargetFactory(kpi=kpi, effective_from=date(2018, 10, 1), target=Decimal("99"))
    assessment = assessment_with(ready.contract, manager, [(kpi, Rating.MET, {})])
    metric = export(assessment)["releases"][0]["contracts"][0]["agreedMetrics"][0]
    assert metric["id"] == "CSC_KPI_04"
    assert metric["description"] == "Calls answered in 60s."
    assert metric["observations"] == [
        {
            "id": "CSC_KPI_04-target",
            "measure": 97.5,
            "unit": {"name": "Percent"},
            "notes": "Target from April 2018, higher is better.",
        }
    ]


def test_release_package_other_rating_is_explained(ready, manager):
    kpi = published_kpi(ready.contract, "IMT_KPI_08")
    explanation = "Reported quarterly; the system that measured it was replaced in June."
    assessment = assessment_with(
        ready.contract,
        manager,
        [
            (
                kpi,
                Rating.OTHER,
                {
                    "proposed": Rating.MET,
                    "reason": "New system.",
                    "explanation": explanation,
                    "notes": "Not judged: June 2018.",
                },
            )
        ],
    )
    observation = export(assessment)["releases"][0]["contracts"][0]["implementation"]["metrics"][0][
        "observations"
    ][0]
    assert observation["measureClassification"] == {"id": "other", "description": "other"}
    assert observation["notes"] == f"{explanation}\n\nNot judged: June 2018."
    assert "New system." not in str(observation)


def test_release_package_reports_approved_breaches_decided_in_the_period(ready, manager, approver):
    contract = ready.contract
    with_penalty = approved_breach(
        contract,
        manager,
        approver,
        penalty_type=PenaltyType.CONTRACTED,
        penalty_amount=Decimal("12500.50"),
    )
    ongoing = approved_breach(
        contract, manager, approver, period_end=None, decision_date=date(2018, 9, 30)
    )
    approved_breach(contract, manager, approver, decision_date=date(2018, 10, 1))
    assessment = assessment_with(contract, manager, four_ratings(contract))
    failures = export(assessment)["releases"][0]["contracts"][0]["implementation"][
        "performanceFailures"
    ]
    assert [f["id"] for f in failures] == [f"breach-{with_penalty.pk}", f"breach-{ongoing.pk}"]
    assert failures[0]["penaltyType"] == "contracted"
    assert failures[0]["penaltyValue"] == {"amount": 12500.5, "currency": "GBP"}
    assert failures[0]["decisionDate"] == "2018-06-14T00:00:00+01:00"
    assert failures[0]["description"].startswith("Breach of contract. Calls went unanswered")
    assert "Impact: Residents could not report" in failures[0]["description"]
    assert failures[0]["suppliers"] == [{"id": "GB-COH-02048608", "name": contract.supplier.name}]
    assert failures[1]["period"] == {"startDate": "2018-05-01T00:00:00+01:00"}
    assert "penaltyType" not in failures[1] and "penaltyValue" not in failures[1]


def test_release_package_without_ratings_gives_the_rationale(ready, manager):
    ready.no_metrics_rationale = "Performance is assessed by milestones."
    ready.save()
    assessment = assessment_with(ready.contract, manager, [])
    contract = export(assessment)["releases"][0]["contracts"][0]
    assert contract["noAgreedMetricsRationale"] == "Performance is assessed by milestones."
    assert "agreedMetrics" not in contract and contract["implementation"] == {}


def test_release_package_without_procurement_details_says_what_is_missing(contract, manager):
    assessment = assessment_with(contract, manager, [])
    with pytest.raises(NoticeIncomplete, match="no procurement details"):
        release_package(assessment, published_at=NOW, uri=URI)


def test_release_package_without_supplier_party_says_what_is_missing(ready, manager):
    ready.contract.supplier.party.delete()
    assessment = assessment_with(ready.contract, manager, [])
    with pytest.raises(NoticeIncomplete, match="supplier's details"):
        export(assessment)


@pytest.mark.parametrize(
    ("path", "value", "complaint"),
    [
        (("tag",), ["contractImplementation"], "implementation"),
        (("metric", "measureClassification", "id"), "good", "is not one of"),
        (("metric", "notes"), None, None),
        (("contract", "value", "currency"), "EUR", "GBP"),
        (("metric", "period", "startDate"), "2017-10-01", "date-time"),
        (("party", "contactPoint", "email"), "not an address", "email"),
    ],
)
def test_schema_refuses_what_a_notice_must_not_say(ready, manager, path, value, complaint):
    kpi = published_kpi(ready.contract, "IMT_KPI_08")
    assessment = assessment_with(
        ready.contract,
        manager,
        [(kpi, Rating.OTHER, {"explanation": "Measured differently.", "proposed": Rating.OTHER})],
    )
    package = deepcopy(export(assessment))
    release = package["releases"][0]
    places = {
        "tag": release,
        "metric": release["contracts"][0]["implementation"]["metrics"][0]["observations"][0],
        "contract": release["contracts"][0],
        "party": release["parties"][1],
    }
    target = places[path[0]]
    for key in path[1:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    errors = schema_errors(package)
    assert errors
    if complaint:
        assert any(complaint in error for error in errors), errors


def test_schema_is_a_draft_2020_12_schema_listing_our_extensions():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["extensions"]["items"]["enum"] == EXTENSIONS


def test_release_package_a_yes_no_kpis_target_is_yes(ready, manager):
    kpi = published_kpi(ready.contract, "IMT_KPI_08", unit="yes_no")
    kpi.targets.update(target=Decimal(1), minimum=None)
    assessment = assessment_with(ready.contract, manager, [(kpi, Rating.MET, {})])
    observation = export(assessment)["releases"][0]["contracts"][0]["agreedMetrics"][0][
        "observations"
    ][0]
    assert (observation["measure"], observation["unit"]) == ("yes", {"name": "Yes or no"})
    assert observation["notes"] == "Target from April 2017, higher is better."
