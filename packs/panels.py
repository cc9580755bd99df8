"""The packs' panel on the meeting page (see core/panels.py)."""

from .models import Report
from .permissions import can_write_report

ITEM_REPORT_TEMPLATE = "packs/_item_report_panel.html"


def _meeting_reports(request, meeting_id) -> dict:
    """The reports of a meeting's items by item id, read once per page."""
    cache = request.__dict__.setdefault("_packs_reports", {})
    if meeting_id not in cache:
        reports = Report.objects.filter(agenda_item__meeting_id=meeting_id).only(
            "pk", "agenda_item_id", "title"
        )
        cache[meeting_id] = {report.agenda_item_id: report for report in reports}
    return cache[meeting_id]


def item_report(request, item) -> dict | None:
    """A link to the item's report; to write it, for whoever may. Nothing otherwise."""
    report = _meeting_reports(request, item.meeting_id).get(item.pk)
    can_write = can_write_report(request.user, item)
    if report is None and not can_write:
        return None
    return {"item": item, "report": report, "can_write": can_write}
