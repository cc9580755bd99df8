"""Spreadsheet uploads of monthly figures and KPI definitions: keep the file, check
it, import it.

The page and the commands (`import_returns`, `import_kpis`) share the importer
(`kpis.importing`); this module adds what only the page needs: the file kept with its
audit record, checks and import run as Celery tasks (eager in the demo), progress, and
each row's outcome for the preview.
"""

import hashlib
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contracts.permissions import officer_service_areas
from core.periods import Month

from .choices import UploadKind, UploadState
from .importing import (
    ERROR,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportRefused,
    RowLimits,
    commit_kpis,
    commit_returns,
    read_table,
    validate_kpis,
    validate_returns,
)
from .importing.limits import check_file
from .models import Upload
from .queue import queue_upload_commit, queue_upload_validate
from .selectors import return_kpis
from .values import format_number

PREVIEW_TEXT_CHARS = 500


def upload_create(*, contract, kind: str, month: Month | None, user, uploaded_file) -> Upload:
    """Keep the file and its audit record, and queue its checks. A file over the size
    limit is recorded as refused, its checksum taken but its bytes not kept."""
    data, digest, size = bytearray(), hashlib.sha256(), 0
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
        if len(data) <= settings.UPLOAD_MAX_BYTES:
            data += chunk
    upload = Upload.objects.create(
        contract=contract,
        period=month.first_day if month else None,
        kind=kind,
        uploaded_by=user,
        filename=uploaded_file.name[:255],
        sha256=digest.hexdigest(),
        size=size,
        data=b"",
    )
    data = bytes(data[: settings.UPLOAD_MAX_BYTES + 1])
    try:
        check_file(data, uploaded_file.name)
    except ImportFileError as error:
        return _refuse(upload, str(error))
    upload.data = data
    upload.save(update_fields=["data"])
    transaction.on_commit(lambda: upload_dispatch(upload=upload))
    return upload


def upload_dispatch(*, upload: Upload) -> bool:
    """Queue the upload's checks or import. False when the broker is down: the upload
    stays busy, its page says it is waiting, and the sweeper queues it later."""
    if upload.state == UploadState.VALIDATING:
        queued = queue_upload_validate(upload_id=upload.pk)
    else:
        queued = queue_upload_commit(upload_id=upload.pk, user_id=upload.committed_by_id)
    if queued:  # unless the task already ran (eagerly, or a fast worker)
        Upload.objects.filter(pk=upload.pk, state=upload.state).update(queued_at=timezone.now())
    return queued


def upload_validate(*, upload: Upload) -> Upload:
    """Check every row, writing nothing; the outcome is the preview."""
    try:
        rows = _checked(upload, user=upload.uploaded_by)
    except ImportFileError as error:
        return _refuse(upload, str(error))
    _record(upload, rows)
    upload.state = UploadState.REFUSED if upload.counts[ERROR] else UploadState.READY
    upload.save()
    return upload


def upload_commit(*, upload: Upload, user) -> Upload:
    """Import every row of a checked file, or none of them, and record the outcome in
    the same transaction. Idempotent: the upload is locked, and a second run (a
    redelivered task, a double confirm) finds it no longer importing and returns the
    first run's result; a worker killed half-way leaves it importing, with nothing
    imported, for the sweeper to queue again."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().select_related("contract").get(pk=upload.pk)
        if upload.state != UploadState.COMMITTING:
            return upload
        try:
            rows = _checked(upload, user=user, commit=True)
        except ImportFileError as error:
            return _refuse(upload, str(error))
        except ImportRefused as refused:
            upload.rows = _merge_errors(upload.rows, refused.errors)
            upload.state = UploadState.REFUSED
            upload.error = "Nothing was imported: the data changed after the file was checked."
            upload.save()
            return upload
        _record(upload, rows)
        upload.state, upload.committed_at = UploadState.COMMITTED, timezone.now()
        upload.save()
    return upload


def upload_fail(*, upload_id: int) -> None:
    """Record that checking or importing broke unexpectedly (the cause is logged); an
    upload another run has finished keeps its outcome."""
    busy = [UploadState.VALIDATING, UploadState.COMMITTING]
    Upload.objects.filter(pk=upload_id, state__in=busy).update(
        state=UploadState.FAILED,
        error="Something went wrong on our side: nothing was imported. Try again later.",
    )


def upload_start_commit(*, upload: Upload, user) -> bool:
    """Mark the upload importing and queue its import (the preview said it may be
    imported). Only once: a second confirm (a double click, two people at once) finds it
    no longer ready, starts nothing and is shown the first one's progress and result."""
    started = Upload.objects.filter(pk=upload.pk, state=UploadState.READY).update(
        state=UploadState.COMMITTING, rows_done=0, committed_by=user, queued_at=None
    )
    if started:
        upload.state, upload.committed_by, upload.queued_at = UploadState.COMMITTING, user, None
        transaction.on_commit(lambda: upload_dispatch(upload=upload))
    return bool(started)


def _checked(upload: Upload, *, user, commit: bool = False) -> list[dict]:
    """Each row's outcome; with `commit`, after saving them all (ImportRefused: none)."""
    table = read_table(BytesIO(bytes(upload.data)), upload.filename)
    upload.rows_total, upload.rows_done = len(table.rows), 0
    upload.save(update_fields=["rows_total", "rows_done"])
    if upload.kind == UploadKind.KPIS:
        result = validate_kpis(contract=upload.contract, table=table)
        if commit:
            result = commit_kpis(result, user=user)
        return _kpi_rows(result)
    limits = RowLimits(month=upload.month, kpi_ids=_allowed_kpi_ids(user, upload.contract))
    result = validate_returns(
        contract=upload.contract,
        table=table,
        limits=limits,
        progress=_reporter(upload),
        user=user,
    )
    if commit:
        result = commit_returns(result, user=user, source=upload.source)
    return [_return_row(row) for row in result.rows]


def _reporter(upload: Upload):
    """Saves how many rows are read, for the progress bar (its page polls the status)."""

    def report(rows_done: int) -> None:
        Upload.objects.filter(pk=upload.pk).update(rows_done=rows_done)

    return report


def _allowed_kpi_ids(user, contract) -> frozenset | None:
    if user is None or officer_service_areas(user, contract) is None:
        return None
    return frozenset(return_kpis(user, contract).values_list("pk", flat=True))


def _refuse(upload: Upload, message: str) -> Upload:
    upload.state, upload.error = UploadState.REFUSED, message
    upload.save()
    return upload


def _record(upload: Upload, rows: list[dict]) -> None:
    upload.rows = rows
    actions = [row["action"] for row in rows]
    upload.counts = {action: actions.count(action) for action in set(actions)}
    upload.counts[ERROR] = sum(bool(row["errors"]) for row in rows)
    upload.rows_done = upload.rows_total = len(rows)
    upload.error = ""


def _return_row(row) -> dict:
    return _outcome(
        row,
        code=row.kpi.code if row.kpi else "",
        month=row.month,
        value=row.value,
        text=row.commentary or "",
    )


def _kpi_rows(result) -> list[dict]:
    """One per target version; a version left as it is, of a KPI whose definition the
    file changes, counts as a change."""
    rows = []
    for plan in result.plans:
        for row in plan.rows:
            outcome = _outcome(
                row, code=row.code, month=row.effective_from, value=row.target, text=plan.kpi.name
            )
            if plan.action == UPDATE and row.action == UNCHANGED:
                outcome["action"] = UPDATE
            rows.append(outcome)
    return sorted(rows, key=lambda row: row["number"])


def _outcome(row, *, code: str, month, value, text: str) -> dict:
    return {
        "number": row.number,
        "action": row.action,
        "kpi": code,
        "month": str(month) if month else "",
        "value": format_number(value) if value is not None else "",
        "commentary": text[:PREVIEW_TEXT_CHARS],
        "errors": [{"column": e.column, "message": e.message} for e in row.errors],
    }


def _merge_errors(rows: list[dict], errors) -> list[dict]:
    by_number = {}
    for error in errors:
        by_number.setdefault(error.row, []).append(
            {"column": error.column, "message": error.message}
        )
    for row in rows:
        if row["number"] in by_number:
            row["action"], row["errors"] = ERROR, by_number[row["number"]]
    return rows
