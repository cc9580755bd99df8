"""The packs' panels on the meeting page (each item's report, the meeting's agenda pack)
and on the home page (see core/panels.py)."""

from .models import Report, SupportingDocument
from .permissions import can_change_documents, can_publish, can_write_report
from .selectors import upcoming_meetings_with_packs

ITEM_REPORT_TEMPLATE = "packs/_item_report_panel.html"
MEETING_PACK_TEMPLATE = "packs/_meeting_panel.html"
HOME_PACKS_TEMPLATE = "packs/_home_panel.html"
ITEM_DOCUMENTS_TEMPLATE = "packs/_item_documents_panel.html"


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


def meeting_pack(request, meeting) -> dict | None:
    """The meeting's agenda pack: the latest published version and the late flag
    (judged on the first publication); before any, a link to prepare it for those who
    publish, nothing for others."""
    versions = list(meeting.pack_versions.order_by("number"))
    may_publish = can_publish(request.user, meeting)
    if not versions and not may_publish:
        return None
    return {
        "meeting": meeting,
        "first": versions[0] if versions else None,
        "latest": versions[-1] if versions else None,
        "can_publish": may_publish,
    }


def home_packs(request, user) -> dict | None:
    """A board member's next meetings, with links to their published packs."""
    meetings = upcoming_meetings_with_packs(user)
    if not meetings:
        return None
    return {"meetings": meetings}


def _meeting_documents(request, meeting_id) -> dict:
    """The supporting documents of a meeting's items by item id, read once per page."""
    cache = request.__dict__.setdefault("_packs_documents", {})
    if meeting_id not in cache:
        by_item = {}
        documents = SupportingDocument.objects.filter(agenda_item__meeting_id=meeting_id)
        for document in documents.only("pk", "agenda_item_id", "title", "page_count"):
            by_item.setdefault(document.agenda_item_id, []).append(document)
        cache[meeting_id] = by_item
    return cache[meeting_id]


def item_documents(request, item) -> dict | None:
    """The item's supporting documents, and a link to change them for whoever may."""
    documents = _meeting_documents(request, item.meeting_id).get(item.pk, [])
    can_change = can_change_documents(request.user, item)
    if not documents and not can_change:
        return None
    return {"item": item, "documents": documents, "can_change": can_change}
