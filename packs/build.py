"""Assembling a meeting's agenda pack: the cover, the agenda with each item's pages, then
each item in order with its report and its supporting documents (docs/domain.md, "Board
packs"). The public pack leaves exempt items out; the exempt pack has only those.

One template renders both the PDF (through packs.pdf) and the accessible HTML page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from contracts.choices import CLERKS_GROUP
from core.formatting import format_date, person_name
from minutes.models import AgendaItem, Meeting

from .content import Fact, Numbering, ReportContent
from .models import Report, SupportingDocument
from .pdf import DocumentPages, Layout, page_stylesheet, render_pdf
from .sections import report_content

TEMPLATE = "packs/pack_document.html"


@dataclass
class BuiltPack:
    pdf: bytes
    html: str
    page_count: int
    item_pages: dict[int, str]  # agenda item id -> "5–42"
    facts: list[Fact]


@dataclass
class PackDocument:
    document: SupportingDocument
    anchors: list[str]
    pages: str = ""


@dataclass
class PackEntry:
    item: AgendaItem
    content: ReportContent | None
    documents: list[PackDocument] = field(default_factory=list)
    pages: str = ""

    @property
    def anchor(self) -> str:
        return f"item-{self.item.number}"

    @property
    def end_anchor(self) -> str:
        return f"item-{self.item.number}-end"

    @property
    def starts_page(self) -> bool:
        """An item with a report or documents starts a page; a procedural one flows."""
        return self.content is not None or bool(self.documents)


def _no_progress(percent: int, step: str) -> None:
    pass


def build_pack(
    meeting: Meeting,
    *,
    exempt: bool,
    corrections: list[dict] = (),
    version_number: int | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> BuiltPack:
    """The public pack (exempt=False) or the exempt pack of the meeting, as a PDF and as
    HTML. `corrections` are listed on the first page of a supplement (version 2 on)."""
    progress = progress or _no_progress
    progress(5, "Gathering the agenda items")
    entries = _entries(meeting, exempt=exempt, progress=progress)
    context = _context(meeting, entries, exempt, list(corrections), version_number)

    header = f"{meeting.board} – {format_date(meeting.date)}"
    pdf, layout = render_pdf(
        render_to_string(TEMPLATE, {**context, "print": True}),
        stylesheet=page_stylesheet(header, context["heading"]),
        documents=[
            DocumentPages(data=_read(pack_document.document), anchors=pack_document.anchors)
            for entry in entries
            for pack_document in entry.documents
        ],
        progress=progress,
    )
    _number_pages(entries, layout)
    progress(95, "Writing the web page")
    html = render_to_string(TEMPLATE, {**context, "print": False})
    progress(100, "Done")
    return BuiltPack(
        pdf=pdf,
        html=html,
        page_count=layout.page_count,
        item_pages={entry.item.pk: entry.pages for entry in entries},
        facts=[fact for entry in entries if entry.content for fact in entry.content.facts],
    )


def _entries(meeting: Meeting, *, exempt: bool, progress) -> list[PackEntry]:
    items = list(
        meeting.items.filter(exempt=exempt)
        .select_related("contract", "report__author")
        .prefetch_related("documents")
        .order_by("number")
    )
    numbering = Numbering()
    entries = []
    for index, item in enumerate(items):
        progress(10 + 40 * index // max(len(items), 1), f"Building item {item.number}")
        entries.append(
            PackEntry(
                item=item,
                content=_content(item, numbering),
                documents=[_pack_document(d) for d in item.documents.all()],
            )
        )
    return entries


def _content(item: AgendaItem, numbering: Numbering) -> ReportContent | None:
    try:
        report = item.report
    except Report.DoesNotExist:
        return None
    return report_content(report, numbering)


def _pack_document(document: SupportingDocument) -> PackDocument:
    anchors = [f"document-{document.pk}-{page}" for page in range(1, document.page_count + 1)]
    return PackDocument(document=document, anchors=anchors)


def _read(document: SupportingDocument) -> bytes:
    with document.file.open("rb") as file:
        return file.read()


def page_range(first: int, last: int) -> str:
    """ "5" or "5–42", as the agenda and the minutes cite pages."""
    return str(first) if last <= first else f"{first}–{last}"


def _number_pages(entries: list[PackEntry], layout: Layout) -> None:
    """Write each item's and document's pages from where the layout put them."""
    for entry in entries:
        pages = layout.anchor_pages
        for pack_document in entry.documents:
            pack_document.pages = page_range(
                pages[pack_document.anchors[0]], pages[pack_document.anchors[-1]]
            )
        last = pages[entry.documents[-1].anchors[-1]] if entry.documents else 0
        entry.pages = page_range(pages[entry.anchor], max(pages[entry.end_anchor], last))


def _context(meeting, entries, exempt, corrections, version_number) -> dict:
    supplement = bool(version_number and version_number > 1)
    if exempt:
        heading = "Exempt agenda pack: not for publication"
    elif supplement:
        heading = "Supplementary agenda pack"
    else:
        heading = "Agenda pack"
    return {
        "meeting": meeting,
        "authority": settings.OVERSIGHT_AUTHORITY_NAME,
        "heading": heading,
        "title": f"{heading}: {meeting.board}, {format_date(meeting.date)}",
        "exempt": exempt,
        "version_number": version_number,
        "supplement": supplement,
        "corrections": corrections,
        "members": sorted(person_name(user) for user in meeting.board.members.all()),
        "clerks": _clerks(),
        "entries": entries,
    }


def _clerks() -> list[dict]:
    clerks = (
        get_user_model()
        .objects.filter(groups__name=CLERKS_GROUP, is_active=True)
        .order_by("last_name", "first_name", "username")
    )
    return [{"name": person_name(user), "email": user.email} for user in clerks]
