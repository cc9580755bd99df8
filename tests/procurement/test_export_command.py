import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from contracts.choices import Role
from core.periods import Month
from procurement.services import (
    assessment_approve,
    assessment_create,
    assessment_submit,
    rating_update,
)
from tests.factories import ContractFactory

from .conftest import PERIOD
from .schema import assert_valid


def export(capsys, **options) -> dict:
    call_command("export_performance_notice", **options)
    package = json.loads(capsys.readouterr().out)
    assert_valid(package)
    return package


@pytest.fixture
def submitted(scored, details, manager):
    assessment = assessment_create(
        contract=scored, start=PERIOD[0], end=PERIOD[1], final=False, notes="", user=manager
    )
    return assessment_submit(assessment=assessment, user=manager)


def test_export_command_four_eyes_only_an_approved_assessment_is_the_default(
    submitted, manager, member, capsys
):
    with pytest.raises(CommandError, match="no approved assessment"):
        call_command("export_performance_notice", contract="CSSC")
    with pytest.raises(ValidationError, match="someone else must approve"):
        assessment_approve(assessment=submitted, user=manager)
    with pytest.raises(CommandError, match="no approved assessment"):
        call_command("export_performance_notice", contract="CSSC")
    second = member(submitted.contract, Role.CONTRACT_MANAGER, username="manager2")
    assessment_approve(assessment=submitted, user=second)
    release = export(capsys, contract="cssc")["releases"][0]
    assert release["id"].endswith(f"-uk9-{submitted.pk}-approved")


def test_export_command_exports_a_submitted_assessment_by_id_without_a_notice(submitted, capsys):
    package = export(capsys, contract="CSSC", assessment=submitted.pk, base_url="https://x.test/")
    release = package["releases"][0]
    assert package["uri"] == (
        f"https://x.test/contracts/CSSC/assessments/{submitted.pk}/notice.json"
    )
    assert release["id"].endswith("-submitted")
    assert "documents" not in release["contracts"][0]["implementation"]
    assert {m["id"] for m in release["contracts"][0]["implementation"]["metrics"]} == {
        "CSC_KPI_04",
        "CSC_KPI_07",
    }


def test_export_command_defaults_to_the_latest_approved_assessment(
    submitted, member, manager, capsys
):
    second = member(submitted.contract, Role.CONTRACT_MANAGER, username="manager2")
    assessment_approve(assessment=submitted, user=second)
    later = assessment_create(
        contract=submitted.contract,
        start=Month(2018, 10),
        end=Month(2018, 10),
        final=False,
        notes="",
        user=manager,
    )
    for rating in later.ratings.all():
        rating_update(
            rating=rating,
            value="other",
            reason="",
            explanation="October 2018 is not closed yet.",
            notes="",
            user=manager,
        )
    assessment_submit(assessment=later, user=manager)
    assessment_approve(assessment=later, user=second)
    release = export(capsys, contract="CSSC")["releases"][0]
    assert release["id"].endswith(f"-uk9-{later.pk}-approved")


def test_export_command_refuses_an_unknown_contract(db):
    with pytest.raises(CommandError, match="No contract with the reference “NOPE”"):
        call_command("export_performance_notice", contract="NOPE")


def test_export_command_refuses_another_contracts_assessment(submitted):
    ContractFactory(reference="OTHER")
    with pytest.raises(CommandError, match=f"OTHER has no assessment {submitted.pk}"):
        call_command("export_performance_notice", contract="OTHER", assessment=submitted.pk)


def test_export_command_says_what_a_notice_lacks(submitted):
    submitted.contract.supplier.party.delete()
    with pytest.raises(CommandError, match="has no identifier and address yet"):
        call_command("export_performance_notice", contract="CSSC", assessment=submitted.pk)
