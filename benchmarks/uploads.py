"""The spreadsheet benchmark: checking and importing a 10,000-row return (100 KPIs ×
100 months) through the upload page's code path, as CSV and as XLSX.

The contract is built for the run and removed afterwards, so the recompute benchmark's
data stays as `data.generated` expects.
"""

import csv
import hashlib
import io
import tempfile
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path
from time import perf_counter

from django.contrib.auth import get_user_model
from openpyxl import Workbook

from contracts.choices import Role
from contracts.models import Contract, ContractMembership, ServiceArea, Supplier
from core.periods import Month
from kpis.choices import UploadState
from kpis.importing import ImportFileError, read_table
from kpis.models import KPI, KPIFigure, Upload
from kpis.uploads import upload_commit, upload_validate
from tests.kpis.spreadsheets import write_long_xlsx

from . import data
from .report import Contender, Measure, Section, side_by_side

REFERENCE = f"{data.REFERENCE_PREFIX}-UPLOADS"
USERNAME = "bench-contract-manager"
KPIS, MONTHS = 100, 100
FIRST = Month(2010, 1)
DESCRIPTION = """
A return of {rows:,} rows ({kpis} KPIs × {months} months) uploaded as CSV and as XLSX
and taken through the upload page's own code (`kpis.uploads`): `*_check` reads the
file, checks it against the limits and validates every row (the preview; nothing
written), `*_import` checks it again inside one transaction and writes every figure
with its history, then queues the recompute (run eagerly here, so it is included).
Each import starts from a contract with no figures. Medians of {runs} rounds after one
untimed round.

`upload_refused_*`: files far over the row limit, read as the upload page reads them
until refused: a {xlsx_kib:,} KiB workbook that unpacks to {xlsx_mib:,} MiB ({xlsx_rows:,}
rows) and a {csv_kib:,} KiB CSV of {csv_rows:,} rows. The peak is Python's allocated
memory while reading (tracemalloc); the time is measured in a separate run.
"""
REFUSED_XLSX_ROWS, REFUSED_CSV_ROWS = 3_100_000, 1_000_000


def run(*, runs: int) -> Section:
    contract, user = _build()
    try:
        files = {"csv": _csv(contract), "xlsx": _xlsx(contract)}
        contenders = {}
        for kind, payload in files.items():
            contenders[f"upload_{kind}_check"] = _contender(contract, user, kind, payload, False)
            contenders[f"upload_{kind}_import"] = _contender(contract, user, kind, payload, True)
        times = side_by_side(contenders, runs=runs)
        sizes = {kind: len(payload) / 1024 for kind, payload in files.items()}
    finally:
        _remove()
    rows = KPIS * MONTHS
    measures = [Measure("upload_rows", rows, "rows", "rows in the file")]
    for kind in files:
        measures += [
            Measure(f"upload_{kind}_size", round(sizes[kind]), "KiB", f"the {kind.upper()} file"),
            Measure(
                f"upload_{kind}_check",
                times[f"upload_{kind}_check"],
                "s",
                "read, limits and every row validated: the preview",
            ),
            Measure(
                f"upload_{kind}_import",
                times[f"upload_{kind}_import"],
                "s",
                "checked again and imported in one transaction, with history",
            ),
        ]
    refused, sizes = _refused_measures()
    return Section(
        key="uploads",
        title="Spreadsheet uploads",
        description=DESCRIPTION.format(rows=rows, kpis=KPIS, months=MONTHS, runs=runs, **sizes),
        measures=measures + refused,
    )


def _refused_measures() -> tuple[list[Measure], dict]:
    with tempfile.TemporaryDirectory() as folder:
        xlsx = write_long_xlsx(Path(folder) / "bomb.xlsx", ["value"], [1], REFUSED_XLSX_ROWS)
        files = {"xlsx": xlsx.read_bytes()}
        unpacked = sum(entry.file_size for entry in zipfile.ZipFile(xlsx).infolist())
    files["csv"] = b"value\n" + b"1\n" * REFUSED_CSV_ROWS
    measures = []
    for kind, payload in files.items():
        peak, seconds = _refusal(payload, kind)
        meaning = f"peak memory refusing the {kind.upper()} file over the row limit"
        measures += [
            Measure(f"upload_refused_{kind}_peak_mib", peak, "MiB", meaning),
            Measure(f"upload_refused_{kind}_time", seconds, "s", "time to refuse it"),
        ]
    sizes = {
        "xlsx_kib": len(files["xlsx"]) // 1024,
        "xlsx_mib": unpacked // 2**20,
        "xlsx_rows": REFUSED_XLSX_ROWS,
        "csv_kib": len(files["csv"]) // 1024,
        "csv_rows": REFUSED_CSV_ROWS,
    }
    return measures, sizes


def _refusal(payload: bytes, kind: str) -> tuple[float, float]:
    def refuse():
        try:
            read_table(io.BytesIO(payload), f"bench.{kind}")
        except ImportFileError:
            return
        raise AssertionError(f"the {kind} file over the row limit was accepted")

    start = perf_counter()
    refuse()
    seconds = perf_counter() - start
    tracemalloc.start()
    try:
        refuse()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / 2**20, seconds


def _contender(contract, user, kind, payload, commit) -> Contender:
    state = {}

    def prepare():
        KPIFigure.objects.filter(kpi__contract=contract).delete()
        upload = _upload(contract, user, kind, payload)
        if commit:
            upload_validate(upload=upload)
            # As "Confirm and import" leaves it, without queueing the import.
            Upload.objects.filter(pk=upload.pk).update(state=UploadState.COMMITTING)
        state["upload"] = upload

    def go():
        if commit:
            upload_commit(upload=state["upload"], user=user)
        else:
            upload_validate(upload=state["upload"])

    return Contender(run=go, prepare=prepare)


def _upload(contract, user, kind, payload) -> Upload:
    return Upload.objects.create(
        contract=contract,
        uploaded_by=user,
        filename=f"bench.{kind}",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        data=payload,
    )


def _rows(contract):
    codes = list(contract.kpis.order_by("code").values_list("code", flat=True))
    for n, code in enumerate(codes):
        for m in range(MONTHS):
            yield [code, str(FIRST.add(m)), str(50 + (n + m) % 50), "Benchmark – “steady” month"]


def _csv(contract) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["kpi_code", "period", "value", "commentary"])
    writer.writerows(_rows(contract))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(contract) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kpi_code", "period", "value", "commentary"])
    for row in _rows(contract):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _build():
    _remove()
    supplier, _ = Supplier.objects.get_or_create(name=data.SUPPLIER)
    closed = FIRST.add(MONTHS - 1)
    contract = Contract.objects.create(
        reference=REFERENCE,
        title="Benchmark uploads",
        authority="Benchmark County Council",
        supplier=supplier,
        start_date=date(2010, 1, 1),
        closed_through=closed.first_day,
        auto_close_months=False,
    )
    area = ServiceArea.objects.create(contract=contract, name="Area", code="a")
    KPI.objects.bulk_create(
        KPI(
            contract=contract,
            service_area=area,
            code=f"UP_{n:03d}",
            name=f"Upload KPI {n}",
            unit="number",
            polarity="higher",
            live_from=FIRST.first_day,
        )
        for n in range(KPIS)
    )
    user = get_user_model().objects.create_user(USERNAME)
    ContractMembership.objects.create(user=user, contract=contract, role=Role.CONTRACT_MANAGER)
    return contract, user


def _remove() -> None:
    Upload.objects.filter(contract__reference=REFERENCE).delete()
    KPIFigure.history.filter(kpi__contract__reference=REFERENCE).delete()
    KPI.objects.filter(contract__reference=REFERENCE).delete()  # service areas are protected
    Contract.objects.filter(reference=REFERENCE).delete()
    get_user_model().objects.filter(username=USERNAME).delete()
