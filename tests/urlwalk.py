"""Every URL pattern of the project, turned into a concrete address to visit.

A new page joins the URL walk, the scoping test and the accessibility test by itself;
a new URL keyword needs a sample value in SAMPLE_KWARGS below, or the walk fails.
"""

import html
import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urljoin

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.exports import XLSX_TYPE

# Names of views that anyone may open without signing in.
PUBLIC = {
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accessibility",
}

# Sample values for URL keywords, read from the demo data.
SAMPLE_KWARGS = {
    "reference": lambda demo: demo["contract"].reference,
    "code": lambda demo: demo["kpi"].code,
    "period": lambda demo: "2018-09",
    "figure_id": lambda demo: demo["figure"].pk,
    "mitigation_id": lambda demo: demo["mitigation"].pk,
    "number": lambda demo: 277,
    "benefit_id": lambda demo: demo["contract"].imt_projects.get(number=277).benefits.first().pk,
    "upload_id": lambda demo: _demo_upload(demo).pk,
    "meeting_id": lambda demo: _demo_pack().meeting_id,
    "version_number": lambda demo: _demo_pack().number,
    "item_id": lambda demo: _demo_item().pk,
    "resolution_id": lambda demo: _demo_item().resolutions.order_by("number").first().pk,
    "action_id": lambda demo: _demo_item().actions.order_by("pk").first().pk,
    "assessment_id": lambda demo: _demo_assessment(demo).pk,
    "rating_id": lambda demo: _demo_assessment(demo).ratings.order_by("pk").first().pk,
    "breach_id": lambda demo: _demo_breach(demo).pk,
    "section_id": lambda demo: _demo_narrative_section().pk,
    "build_id": lambda demo: _demo_build().pk,
    "document_id": lambda demo: _demo_document().pk,
    "uidb64": lambda demo: "MQ",
    "token": lambda demo: "set-password",
}


def _demo_upload(demo):
    """A checked upload with a bad row, for the demo contract (the demo has none)."""
    from kpis.models import Upload

    upload, _ = Upload.objects.get_or_create(
        contract=demo["contract"],
        filename="urlwalk.csv",
        defaults={
            "period": demo["figure"].period,
            "sha256": "0" * 64,
            "size": 0,
            "state": "refused",
            "counts": {"create": 1, "error": 1},
            "rows": [
                {
                    "number": 2,
                    "action": "create",
                    "kpi": demo["kpi"].code,
                    "month": "2018-09",
                    "value": "96",
                    "commentary": "",
                    "errors": [],
                },
                {
                    "number": 3,
                    "action": "error",
                    "kpi": demo["kpi"].code,
                    "month": "2018-09",
                    "value": "",
                    "commentary": "",
                    "errors": [{"column": "value", "message": "“lots” is not a number"}],
                },
            ],
        },
    )
    return upload


def _demo_assessment(demo):
    """The demo contract's first Procurement Act assessment; a draft rating the demo KPI
    when the demo has none."""
    from procurement.models import Assessment
    from tests.factories import AssessmentFactory, AssessmentRatingFactory

    assessment = Assessment.objects.filter(contract=demo["contract"]).order_by("pk").first()
    if assessment is None:
        assessment = AssessmentFactory(contract=demo["contract"], created_by=_demo_manager())
        AssessmentRatingFactory(assessment=assessment, kpi=demo["kpi"])
    return assessment


def _demo_breach(demo):
    """The demo contract's first breach notice; a draft one when the demo has none."""
    from procurement.models import BreachNotice
    from tests.factories import BreachNoticeFactory

    breach = BreachNotice.objects.filter(contract=demo["contract"]).order_by("pk").first()
    return breach or BreachNoticeFactory(contract=demo["contract"], created_by=_demo_manager())


def _demo_manager():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="manager")


def _demo_pack():
    """A published pack, with an exempt pack, for the walked item's meeting (stand-in
    files: the walk opens pages, it does not read what a built pack holds)."""
    from packs.models import PackVersion
    from tests.factories import PackVersionFactory

    meeting = _demo_item().meeting
    return PackVersion.objects.filter(meeting=meeting).first() or PackVersionFactory(
        meeting=meeting, with_exempt=True
    )


def _demo_item():
    """The demo's scrutiny item on the CSSC quarterly performance report."""
    from minutes.models import AgendaItem

    return (
        AgendaItem.objects.filter(resolutions__isnull=False, actions__isnull=False)
        .order_by("meeting__date", "number")
        .first()
    )


def _demo_build():
    """A finished preview of the demo meeting's pack (the demo keeps none)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from packs.models import PackBuild
    from tests.packs.pdfs import make_pdf

    meeting_id = _demo_item().meeting_id
    build = PackBuild.objects.filter(meeting_id=meeting_id, purpose="preview").first()
    if build is None:
        build = PackBuild(
            meeting_id=meeting_id,
            purpose="preview",
            status="done",
            progress=100,
            page_count=1,
            requested_by=get_user_model().objects.get(username="clerk"),
        )
        build.pdf.save("urlwalk-preview.pdf", ContentFile(make_pdf()))
    return build


def _demo_document():
    """A supporting document on the demo's scrutiny item (the demo has none)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from packs.documents import check_pdf
    from tests.packs.pdfs import make_pdf

    item = _demo_item()
    document = item.documents.first()
    if document is None:
        checked = check_pdf(make_pdf(["Supporting page"]))
        document = item.documents.model(
            agenda_item=item,
            position=1,
            title="Contract performance appendix",
            page_count=checked.page_count,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=get_user_model().objects.get(username="clerk"),
        )
        document.file.save("urlwalk-document.pdf", ContentFile(checked.data))
    return document


def _demo_narrative_section():
    """The first section the demo's quarterly report was written with."""
    from packs.models import NarrativeSection

    return NarrativeSection.objects.order_by("report", "position").first()


@dataclass(frozen=True)
class Page:
    name: str  # namespaced name, e.g. "contract_dashboard"
    url: str
    callback: object


def _walk(patterns, namespace=None, keywords=()):
    """(pattern, namespace, URL keywords including those of the includes around it)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # Django's admin guards itself (staff only); checked separately
            joined = ":".join(filter(None, [namespace, entry.namespace]))
            outer = (*keywords, *entry.pattern.converters.keys())
            yield from _walk(entry.url_patterns, joined, outer)
        elif isinstance(entry, URLPattern):
            yield entry, namespace, (*keywords, *entry.pattern.converters.keys())


def all_pages(demo) -> list[Page]:
    pages = []
    for pattern, namespace, keywords in _walk(get_resolver().url_patterns):
        if not pattern.name:
            raise AssertionError(f"URL pattern {pattern.pattern} has no name")
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        missing = [k for k in keywords if k not in SAMPLE_KWARGS]
        if missing:
            raise AssertionError(f"{name}: add a sample value for {missing} to SAMPLE_KWARGS")
        url = reverse(name, kwargs={k: SAMPLE_KWARGS[k](demo) for k in keywords})
        pages.append(Page(name=name, url=url, callback=pattern.callback))
    return pages


def is_public(page: Page) -> bool:
    return page.name in PUBLIC


DOWNLOAD_LINK = re.compile(r'href="([^"]*export=[^"]*)"')


def downloads_linked_from(url: str, response) -> list[str]:
    """The CSV and XLSX downloads a page links to ("Download what is shown")."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    links = DOWNLOAD_LINK.findall(response.content.decode())
    return sorted({urljoin(url, html.unescape(link)) for link in links})


def visit(client, urls):
    """(url, response) for each address and for every download its page links to."""
    for url in urls:
        response = client.get(url)
        yield url, response
        for download in downloads_linked_from(url, response):
            yield download, client.get(download)


@dataclass(frozen=True)
class SecondContract:
    """A contract beside the demo's, and a reader who must never learn of it."""

    contract: object
    reader: object
    secrets: tuple[str, ...]  # its reference, title and supplier's name
    urls: tuple[str, ...]  # addresses beyond the walk where it could show


def add_second_contract(demo) -> SecondContract:
    """ZEPHYR, referenced from the demo's minutes (items, resolutions, actions, KPI and
    IMT project links) so a leak would show; the reader manages CSSC and sits on every
    demo board, but is no member of ZEPHYR."""
    from contracts.choices import Role
    from minutes.models import Board, Meeting
    from tests.factories import (
        ActionFactory,
        AgendaItemFactory,
        ContractFactory,
        IMTProjectFactory,
        KPIFactory,
        MembershipFactory,
        ResolutionFactory,
        SupplierFactory,
        UserFactory,
    )

    supplier = SupplierFactory(name="Quillfeather Services plc")
    zephyr = ContractFactory(
        reference="ZEPHYR", title="Zephyr Estates Management Contract", supplier=supplier
    )
    kpi = KPIFactory(contract=zephyr, code="ZEPHYR_KPI_01", name="Quillfeather response time")
    project = IMTProjectFactory(number=950, title="Zephyr estate rollout", contract=zephyr)
    walked = _demo_item()
    for meeting in Meeting.objects.all():
        item = AgendaItemFactory(
            meeting=meeting, number=90, contract=zephyr, title=f"{zephyr.title} report"
        )
        ResolutionFactory(agenda_item=item, number=1, text=f"That {supplier} be noted.", kpi=kpi)
        ActionFactory(agenda_item=item, description=f"Chase {supplier}", imt_project=project)
        general = AgendaItemFactory(meeting=meeting, number=91, title="Any other business")
        ActionFactory(agenda_item=general, description=f"Review {kpi.code}", kpi=kpi)
    ResolutionFactory(
        agenda_item=walked, number=90, text="That the ZEPHYR KPI be watched.", kpi=kpi
    )
    ActionFactory(agenda_item=walked, description=f"Ask about {project}", imt_project=project)
    reader = UserFactory(username="cssc-reader")
    MembershipFactory(user=reader, contract=demo["contract"], role=Role.CONTRACT_MANAGER)
    for board in Board.objects.all():
        board.members.add(reader)
    return SecondContract(
        contract=zephyr,
        reader=reader,
        secrets=(zephyr.reference, zephyr.title, supplier.name),
        urls=_leak_prone_urls(zephyr, supplier, kpi, project),
    )


def _leak_prone_urls(zephyr, supplier, kpi, project) -> tuple[str, ...]:
    from minutes.models import Meeting

    meetings = Meeting.objects.all()
    return (
        *(reverse("minutes:meeting_detail", args=[m.pk]) for m in meetings),
        *(reverse("minutes:meeting_minutes", args=[m.pk]) for m in meetings),
        *(f"{reverse('minutes:search')}?q={word}" for word in ("report", "noted", "watched")),
        f"{reverse('contracts:list')}?supplier={supplier.pk}",
        f"{reverse('imt_projects:portfolio')}?contract={zephyr.pk}",
        reverse("imt_projects:detail", args=[project.number]),
        kpi.get_absolute_url(),
        zephyr.get_absolute_url(),
    )


def text_of(response) -> str:
    """What a page or a download says: HTML and CSV as text, an XLSX's every cell, a
    PDF's text."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    if response.get("Content-Type", "").startswith(XLSX_TYPE):
        from openpyxl import load_workbook

        book = load_workbook(BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode("utf-8-sig")
