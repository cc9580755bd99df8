"""Checking the rows of a monthly return, then importing them."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.choices import FigureState, Status
from kpis.importing import (
    ImportRefused,
    commit_returns,
)
from kpis.models import KPIFigure, KPIMonthStatus
from kpis.recompute import recompute_statuses
from tests.factories import KPIFactory, KPIFigureFactory

from ..spreadsheets import RETURN_HEADER, write_csv, write_xlsx
from .helpers import COMMENTARY, check, errors, figure, load

pytestmark = pytest.mark.django_db
D = Decimal


# Checking rows -----------------------------------------------------------------------


def test_it_reports_every_bad_row_with_its_column_and_reason(contract, kpi, calls, tmp_path):
    KPIFactory(contract=contract, code="CSC_KPI_12", frequency="quarterly")
    rows = [
        RETURN_HEADER,
        ["NOPE_1", "2018-09", "96"],
        ["CSC_KPI_12", "2018-08", "96"],
        ["CSC_KPI_04", "2018-09", "abc"],
        ["CSC_KPI_04", "2018-08", "101"],
        ["CSC_KPI_07", "2018-09", "5"],
        ["csc_kpi_07", "2018-09", "6"],
        ["CSC_KPI_04", "2018-11", "96"],
        ["CSC_KPI_04", "Sept 2018", "96"],
        ["", "2018-07", "96"],
        ["CSC_KPI_04", "2017-03", "96"],
    ]
    path = write_csv(tmp_path / "r.csv", rows)

    assert errors(check(contract, path)) == [
        f"row 2: kpi_code: No KPI “NOPE_1” in contract {contract.reference}",
        "row 3: period: CSC_KPI_12 is reported quarterly, in June, September, December and March.",
        "row 4: value: “abc” is not a number",
        "row 5: value: Must be 100 or less",
        "row 7: kpi_code: CSC_KPI_07 for 2018-09 is also in row 6",
        "row 8: period: November 2018 is in the future.",
        "row 9: period: “Sept 2018” is not a month written YYYY-MM",
        "row 10: kpi_code: Enter the KPI code",
        "row 11: period: CSC_KPI_04 is not live until April 2017.",
    ]


def test_one_bad_row_means_nothing_is_saved(contract, kpi, calls, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"], ["CSC_KPI_07", "2018-09", "lots"]]
    result = check(contract, write_csv(tmp_path / "r.csv", rows))

    with pytest.raises(ImportRefused) as refused:
        commit_returns(result, user=None, source="test")

    assert [str(e) for e in refused.value.errors] == ["row 3: value: “lots” is not a number"]
    assert not KPIFigure.objects.exists()


def test_it_saves_figures_submitted_unless_approving(contract, kpi, officer, tmp_path):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96", "ok"]])

    load(contract, path, user=officer)

    saved = figure(kpi)
    assert (saved.state, saved.submitted_by, saved.approved_by) == ("submitted", officer, None)
    assert (saved.entered_by, saved.source) == (officer, "test file")
    audit = saved.history.get()
    assert (audit.history_user, audit.history_change_reason) == (officer, "Imported (test file)")
    recompute_statuses(contract=contract)
    status = KPIMonthStatus.objects.get(kpi=kpi, period=date(2018, 9, 1))
    assert (status.status, status.value) == (Status.MISSING, None)  # provisional, not judged


def test_approving_import_sets_the_approver_and_computes_statuses(
    contract, kpi, manager, tmp_path, django_capture_on_commit_callbacks
):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-08", "96"], ["CSC_KPI_04", "2018-09", "80"]]
    path = write_csv(tmp_path / "r.csv", rows)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load(contract, path, user=manager, approve=True)

    assert len(callbacks) == 1  # one recompute for the whole file
    assert figure(kpi).state == FigureState.APPROVED
    assert figure(kpi).approved_by == manager
    status = {s.period: s.status for s in KPIMonthStatus.objects.filter(kpi=kpi)}
    assert status[date(2018, 8, 1)] == Status.GREEN
    assert status[date(2018, 9, 1)] == Status.RED


def test_reimporting_the_same_file_changes_nothing(contract, kpi, manager, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-08", "96", COMMENTARY],
        ["CSC_KPI_04", "2018-09", "97"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    load(contract, path, user=manager, approve=True)
    history = KPIFigure.history.count()

    again = load(contract, path, user=manager, approve=True)

    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "skipped": 0}
    assert KPIFigure.history.count() == history


def test_a_changed_value_updates_a_submitted_figure(contract, kpi, tmp_path):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="submitted")
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])

    result = load(contract, path)

    assert result.counts["update"] == 1
    assert figure(kpi).value == D(96)


def test_an_approved_figure_is_corrected_only_with_a_reason(contract, kpi, manager, tmp_path):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="approved")
    plain = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])

    assert errors(check(contract, plain)) == [
        "row 2: value: Already approved: give a correction_reason to correct it"
    ]

    header = [*RETURN_HEADER, "Correction Reason"]
    row = ["CSC_KPI_04", "2018-09", "96", "Recounted", "Supplier miscounted calls"]
    corrected = write_csv(tmp_path / "c.csv", [header, row])
    result = load(contract, corrected, user=manager)

    saved = figure(kpi)
    assert result.counts["update"] == 1
    assert (saved.value, saved.state, saved.approved_by) == (D(96), "approved", manager)
    assert saved.correction_reason == "Supplier miscounted calls"
    assert saved.history.first().history_change_reason == "Corrected: Supplier miscounted calls"


def test_commit_refuses_when_a_figure_changed_after_the_check(contract, kpi, tmp_path):
    existing = KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="draft")
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])
    result = check(contract, path)
    KPIFigure.objects.filter(pk=existing.pk).update(value=D(91), version=2)

    with pytest.raises(ImportRefused, match="row 2: kpi_code: Changed by someone else"):
        commit_returns(result, user=None, source="test")

    assert figure(kpi).value == D(91)


def test_yes_no_values_are_read_in_any_accepted_spelling(contract, tmp_path):
    kpi = KPIFactory(contract=contract, code="IMT_KPI_01", unit="yes_no")
    rows = [RETURN_HEADER, ["IMT_KPI_01", "2018-08", "Y"], ["IMT_KPI_01", "2018-09", "FALSE"]]

    load(contract, write_csv(tmp_path / "r.csv", rows))

    assert (figure(kpi, "2018-08").value, figure(kpi).value) == (D(1), D(0))
