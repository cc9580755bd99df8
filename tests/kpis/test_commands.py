from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.choices import Status
from kpis.models import KPI, KPIFigure, KPIMonthStatus, RecomputeRun
from kpis.recompute import recompute_statuses
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory, MitigationFactory

from .spreadsheets import RETURN_HEADER, write_csv, write_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(contract=contract, code="CSC_KPI_04", unit="percent")
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


def run(*args, **options):
    """(stdout, stderr) of a command."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args, **options):
    """(the CommandError's message, stderr) of a command that fails."""
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*args, stdout=StringIO(), stderr=err, **options)
    return str(failure.value), err.getvalue()


# import_returns ------------------------------------------------------------------------


def test_import_returns_prints_what_it_did(contract, kpi, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-08", "96", "Fine"],
        ["CSC_KPI_04", "2018-09", "94.5", ""],
        ["CSC_KPI_04", "2018-07", "", "not yet"],
    ]
    path = write_csv(tmp_path / "returns.csv", rows)

    out, _ = run("import_returns", str(path), contract="cssc")

    assert out == (
        "CSSC: created 2, updated 0, unchanged 0, skipped 1 (empty value); "
        "figures saved submitted\n"
    )
    assert KPIFigure.objects.filter(kpi=kpi, state="submitted").count() == 2


def test_import_returns_twice_reports_rows_unchanged(contract, kpi, manager, tmp_path):
    path = write_xlsx(tmp_path / "returns.xlsx", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", 96]])
    run("import_returns", str(path), contract="CSSC", approve=True, user="manager")

    out, _ = run("import_returns", str(path), contract="CSSC", approve=True, user="manager")

    assert "created 0, updated 0, unchanged 1, skipped 0" in out


def test_import_returns_lists_every_bad_row_and_saves_nothing(contract, kpi, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-06", "96"],
        ["CSC_KPI_04", "2018-07", "abc"],
        ["CSC_KPI_99", "2018-08", "96"],
        ["CSC_KPI_04", "2018-11", "96"],
    ]
    path = write_csv(tmp_path / "returns.csv", rows)

    message, err = run_failing("import_returns", str(path), contract="CSSC")

    assert err.splitlines() == [
        "row 3: value: “abc” is not a number",
        "row 4: kpi_code: No KPI “CSC_KPI_99” in contract CSSC",
        "row 5: period: November 2018 is in the future.",
    ]
    assert message == f"Nothing imported: 3 bad row(s) in {path}."
    assert not KPIFigure.objects.exists()


def test_import_returns_with_approve_records_the_approver_and_judges_the_months(
    contract, kpi, manager, tmp_path, django_capture_on_commit_callbacks
):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-08", "96"], ["CSC_KPI_04", "2018-09", "92"]]
    path = write_csv(tmp_path / "returns.csv", rows)

    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("import_returns", str(path), contract="CSSC", approve=True, user="manager")

    assert out.splitlines()[0].endswith("figures saved approved")
    figures = KPIFigure.objects.filter(kpi=kpi)
    assert {(f.state, f.approved_by) for f in figures} == {("approved", manager)}
    statuses = dict(KPIMonthStatus.objects.filter(kpi=kpi).values_list("period", "status"))
    assert statuses[date(2018, 8, 1)] == Status.GREEN
    assert statuses[date(2018, 9, 1)] == Status.AMBER


def test_import_returns_corrects_an_approved_figure_given_a_reason(
    contract, kpi, manager, tmp_path
):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="approved")
    header = [*RETURN_HEADER, "correction_reason"]
    path = write_csv(tmp_path / "r.csv", [header, ["CSC_KPI_04", "2018-09", "93", "", "Recount"]])

    out, _ = run("import_returns", str(path), contract="CSSC", approve=True, user="manager")

    assert "updated 1" in out
    corrected = KPIFigure.objects.get(kpi=kpi)
    assert (corrected.value, corrected.correction_reason) == (D(93), "Recount")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"contract": "NOPE"}, "No contract with the reference “NOPE” (known: CSSC)."),
        ({"contract": "CSSC", "user": "ghost"}, "No active user with the username “ghost”."),
        ({"contract": "CSSC", "approve": True}, "--approve needs --user USERNAME"),
    ],
)
def test_import_returns_refuses_a_bad_contract_or_user(contract, kpi, tmp_path, options, message):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])

    error, _ = run_failing("import_returns", str(path), **options)

    assert message in error
    assert not KPIFigure.objects.exists()


def test_import_returns_refuses_a_file_it_cannot_read(contract, tmp_path):
    missing, _ = run_failing("import_returns", str(tmp_path / "none.csv"), contract="CSSC")
    headerless = write_csv(tmp_path / "r.csv", [["code", "value"], ["CSC_KPI_04", "96"]])
    columns, _ = run_failing("import_returns", str(headerless), contract="CSSC")

    assert "No such file" in missing
    assert columns == f"{headerless}: The header row has no kpi_code or period column."


# import_kpis -------------------------------------------------------------------------

KPI_HEADER = [
    "Code",
    "Name",
    "Service Area",
    "Unit",
    "Polarity",
    "Frequency",
    "Target",
    "Minimum",
    "Effective From",
]


def incidents_fixed(target: str, minimum: str, effective_from: str) -> list[str]:
    """A row of IMT_KPI_01, a percentage where higher is better."""
    kpi = ["IMT_KPI_01", "Incidents fixed", "IMT", "percent", "higher", "monthly"]
    return [*kpi, target, minimum, effective_from]


def test_import_kpis_prints_what_it_did(contract, tmp_path):
    rows = [
        KPI_HEADER,
        incidents_fixed("95", "90", "2018-10"),
        incidents_fixed("96", "91", "2018-11"),
        [
            "FIN_KPI_01",
            "Invoices paid",
            "Finance",
            "percent",
            "higher",
            "monthly",
            "",
            "",
            "2018-10",
        ],
    ]
    path = write_xlsx(tmp_path / "kpis.xlsx", rows)

    out, _ = run("import_kpis", str(path), contract="CSSC")
    again, _ = run("import_kpis", str(path), contract="CSSC")

    # The next line says where the recompute stands (test_import_returns_says_...).
    assert out.splitlines()[0] == (
        "CSSC: KPIs created 2, updated 0, unchanged 0; target versions created 3, "
        "unchanged 0; service areas created 1"
    )
    assert again.splitlines()[0] == (
        "CSSC: KPIs created 0, updated 0, unchanged 2; target versions created 0, "
        "unchanged 3; service areas created 0"
    )
    assert KPI.objects.get(code="IMT_KPI_01").live_from == date(2018, 10, 1)


def test_import_kpis_lists_every_bad_row_and_saves_nothing(contract, tmp_path):
    rows = [
        KPI_HEADER,
        incidents_fixed("95", "90", "2018-10"),
        ["IMT_KPI_02", "Uptime", "IMT", "percent", "upwards", "monthly", "99", "", "2018-10"],
        ["IMT_KPI_03", "Tickets", "IMT", "number", "lower", "weekly", "x", "", "2018/10"],
    ]
    path = write_csv(tmp_path / "kpis.csv", rows)

    message, err = run_failing("import_kpis", str(path), contract="CSSC")

    assert err.splitlines() == [
        "row 3: polarity: “upwards” is not one of higher, lower",
        "row 4: frequency: “weekly” is not one of monthly, quarterly",
        "row 4: effective_from: “2018/10” is not a month written YYYY-MM",
        "row 4: target: “x” is not a number",
    ]
    assert message == f"Nothing imported: 2 bad row(s) in {path}."
    assert not KPI.objects.exists()


# recompute_statuses ------------------------------------------------------------------


def test_recompute_statuses_rebuilds_a_contract_from_a_month(contract, kpi):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(80))

    out, _ = run("recompute_statuses", contract="CSSC", period="2018-09")

    assert out == "CSSC (from 2018-09): 1 rows changed\n"
    assert list(KPIMonthStatus.objects.values_list("period", "status")) == [
        (date(2018, 9, 1), Status.RED)
    ]


def test_recompute_statuses_rebuilds_every_contract_by_default(contract, kpi):
    out, _ = run("recompute_statuses")

    assert out.startswith("CSSC (all months): ")
    assert RecomputeRun.objects.get().contract == contract
    assert KPIMonthStatus.objects.filter(kpi=kpi, status=Status.MISSING).count() == 18


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"period": "Sept"}, "“Sept” is not a month written YYYY-MM"),
        ({"contract": "NOPE"}, "No contract with the reference “NOPE”"),
    ],
)
def test_recompute_statuses_refuses_bad_options(contract, options, message):
    error, _ = run_failing("recompute_statuses", **options)

    assert message in error


# export_figures ----------------------------------------------------------------------


def test_export_figures_writes_one_row_per_status_by_code_then_month(contract):
    backups = KPIFactory(contract=contract, code="B_KPI", unit="yes_no", live_from=date(2018, 9, 1))
    KPITargetFactory(kpi=backups, target=D(1), minimum=None)
    KPIFigureFactory(kpi=backups, period=date(2018, 9, 1), value=D(0))
    calls = KPIFactory(contract=contract, code="A_KPI", live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=calls, target=D("95.5"), minimum=D(90))
    for month, value in [(4, "96.25"), (5, "80"), (6, "80"), (7, "80"), (8, "80")]:
        KPIFigureFactory(kpi=calls, period=date(2018, month, 1), value=D(value))
    KPIFigureFactory(kpi=calls, period=date(2018, 9, 1), value=D(99), state="submitted")
    MitigationFactory(kpi=calls, start=date(2018, 8, 1), end=date(2018, 8, 1))
    complaints = KPIFactory(
        contract=contract, code="C_KPI", unit="number", live_from=date(2018, 9, 1)
    )
    KPIFigureFactory(kpi=complaints, period=date(2018, 9, 1), value=D("1234.5"))
    recompute_statuses(contract=contract)

    out, _ = run("export_figures", contract="CSSC")

    assert out.splitlines() == [
        "kpi_code,period,value,status,underlying_status,target,minimum,persistent_failure",
        "A_KPI,2018-04,96.25,green,green,95.5,90,false",
        "A_KPI,2018-05,80,red,red,95.5,90,false",
        "A_KPI,2018-06,80,red,red,95.5,90,false",
        "A_KPI,2018-07,80,red,red,95.5,90,true",
        "A_KPI,2018-08,80,mitigated,red,95.5,90,false",
        "A_KPI,2018-09,,missing,missing,95.5,90,false",
        "B_KPI,2018-09,no,red,red,1,,false",
        "C_KPI,2018-09,1234.5,no_target,no_target,,,false",
    ]


def test_export_figures_refuses_an_unknown_contract(contract):
    error, _ = run_failing("export_figures", contract="NOPE")

    assert error == "No contract with the reference “NOPE” (known: CSSC)."


def test_recompute_statuses_queue_hands_one_recompute_per_contract_to_the_workers(
    contract, kpi, django_capture_on_commit_callbacks, monkeypatch
):
    other = KPIFactory(code="OTHER_KPI_01").contract
    queued = []
    monkeypatch.setattr(
        "kpis.outbox.queue_recompute", lambda **message: queued.append(message) or True
    )

    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("recompute_statuses", queue=True)

    assert out == "Queued the recompute of 2 contract(s).\n"
    assert sorted(m["contract_id"] for m in queued) == sorted([contract.pk, other.pk])
    assert not RecomputeRun.objects.exists()
