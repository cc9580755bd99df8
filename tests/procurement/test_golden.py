"""The demo's approved assessment exported exactly as checked in: a change to what a
notice says shows up here as a diff to review. To accept one on purpose, rerun with
UPDATE_GOLDEN=1 and commit the file."""

import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from procurement.models import Assessment

from .schema import assert_valid

GOLDEN = Path(__file__).parent / "golden" / "cssc-2017-10-2018-09.json"
# The assessment's database id varies between runs; the file names it by this word.
ID_WORD = "ASSESSMENT_ID"
EXPORTED_AT = datetime(2018, 11, 2, 9, 15, tzinfo=ZoneInfo("Europe/London"))


def exported(capsys, **options) -> str:
    with time_machine.travel(EXPORTED_AT, tick=False):
        call_command("export_performance_notice", contract="CSSC", **options)
    return capsys.readouterr().out


def test_export_of_the_demo_assessment_matches_the_golden_file(demo, capsys):
    approved = Assessment.objects.get(contract=demo["contract"], status="approved")
    text = exported(capsys)
    assert_valid(json.loads(text))
    text = text.replace(f"/{approved.pk}/", f"/{ID_WORD}/")
    text = text.replace(f"-uk9-{approved.pk}-", f"-uk9-{ID_WORD}-")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text)
    assert json.loads(text) == json.loads(GOLDEN.read_text())


@pytest.mark.parametrize("status", ["approved", "draft"])
def test_export_of_every_demo_assessment_validates(demo, capsys, status):
    assessment = Assessment.objects.get(contract=demo["contract"], status=status)
    assert_valid(json.loads(exported(capsys, assessment=assessment.pk)))
