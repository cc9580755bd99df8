"""Building a pack and reading it back with pypdf. PDF tests are few and small:
WeasyPrint takes a while on a small machine."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from packs.build import build_pack, page_range
from packs.services.documents import document_add
from tests.factories import UserFactory
from tests.factories.minutes import AgendaItemFactory, BoardFactory, MeetingFactory
from tests.packs.pdfs import make_pdf, upload

pytestmark = pytest.mark.django_db

BOARD = "Overview and Scrutiny Management Board"


@pytest.fixture
def meeting():
    from datetime import date, time

    clerk = UserFactory(groups=["Clerks"], first_name="Clara", last_name="Whitby")
    member = UserFactory(first_name="Beatrice", last_name="Lund")
    meeting = MeetingFactory(
        board=BoardFactory(name=BOARD, members=[member]),
        date=date(2018, 10, 25),
        start_time=time(10),
        place="Committee Room One, County Offices, Lincoln",
    )
    AgendaItemFactory(meeting=meeting, number=1, title="Apologies for absence")
    item = AgendaItemFactory(meeting=meeting, number=2, title="Contract performance")
    pages = ["Annex page one", "Annex page two", "Annex page three"]
    document_add(agenda_item=item, user=clerk, title="Annex", file=upload(make_pdf(pages)))
    exempt = AgendaItemFactory(meeting=meeting, number=3, title="Commercial terms", exempt=True)
    document_add(
        agenda_item=exempt, user=clerk, title="Terms", file=upload(make_pdf(["Secret terms"]))
    )
    return meeting


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_page_range_names_one_page_or_first_to_last():
    assert page_range(5, 5) == "5"
    assert page_range(5, 42) == "5–42"


def test_build_pack_numbers_every_page_and_merges_the_documents(meeting):
    steps = []
    built = build_pack(meeting, exempt=False, progress=lambda percent, step: steps.append(percent))
    pages = _pages(built.pdf)
    assert built.page_count == len(pages) == 6
    for number, text in enumerate(pages, start=1):
        assert f"{BOARD} – 25 October 2018" in text
        assert f"Page {number} of 6" in text
    assert "Thursday 25 October 2018" in pages[0] and "Beatrice Lund" in pages[0]
    assert "Clara Whitby" in pages[0]
    # The annex's three pages follow the item's report page, numbered in sequence.
    assert ["Annex page one" in pages[3], "Annex page three" in pages[5]] == [True, True]
    items = {item.number: item.pk for item in meeting.items.all()}
    assert built.item_pages == {items[1]: "2", items[2]: "3–6"}
    agenda = pages[1]
    # The agenda prints the page each item starts on.
    assert "Apologies for absence 2" in agenda and "Contract performance 3" in agenda
    assert steps[-1] == 100 and steps == sorted(steps)


def test_build_pack_leaves_exempt_items_to_the_exempt_pack(meeting):
    public = "\n".join(_pages(build_pack(meeting, exempt=False).pdf))
    exempt = build_pack(meeting, exempt=True)
    exempt_text = "\n".join(_pages(exempt.pdf))
    assert "Commercial terms" not in public and "Secret terms" not in public
    assert "Commercial terms" in exempt_text and "Secret terms" in exempt_text
    assert "Not for publication" in exempt_text
    assert "Contract performance" not in exempt_text
    assert "Commercial terms" in exempt.html


def test_build_pack_is_a_tagged_pdf_with_its_language_and_title(meeting):
    reader = PdfReader(BytesIO(build_pack(meeting, exempt=False).pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == f"Agenda pack: {BOARD}, 25 October 2018"


def test_build_pack_lists_corrections_on_a_supplements_first_page(meeting):
    correction = {
        "what": "CSC_KPI_04, September 2018",
        "published": "91%",
        "current": "93%",
        "who": "Marcus Hale",
        "when": "30 October 2018",
        "reason": "Late calls recounted",
    }
    built = build_pack(meeting, exempt=False, corrections=[correction], version_number=2)
    first = _pages(built.pdf)[0]
    assert "Supplementary agenda pack" in first
    assert "91%" in first and "93%" in first and "Late calls recounted" in first


def test_the_pdf_loads_static_files_only():
    from packs.pdf import BASE_URL, StaticFilesFetcher

    fetcher = StaticFilesFetcher()
    css = fetcher.fetch(f"{BASE_URL}static/css/pack.css")
    assert css.content_type == "text/css"
    css.close()
    for url in ("https://example.org/static/css/pack.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
