"""The pack as a PDF: laid out by WeasyPrint (no browser), tagged (PDF/UA-1), every page
with its running header and "Page N of M"; supporting documents merged onto pages of
their own so that the whole pack is numbered in sequence.

The page geometry lives here, once: the @page rules are generated from it, and the
frame a supporting document's page is scaled into is computed from it.

Layout runs once: the agenda prints each item's first page with CSS `target-counter()`,
which WeasyPrint resolves as it paginates; the item's last page is read from the layout
afterwards (for the HTML page and the item's "pages"). A supporting document's pages are
blank placeholders in the layout (carrying the header and footer), and each document
page is then drawn onto its placeholder with pypdf.
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

MM = 72 / 25.4  # PDF points in a millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGIN_TOP_MM, MARGIN_SIDE_MM, MARGIN_BOTTOM_MM = 22, 18, 20
# The address the pack's HTML is laid out at: relative links resolve under it.
BASE_URL = "https://pack.invalid/"
# The caption line at the top of a supporting document's page, above its frame.
CAPTION_MM = 9


@dataclass(frozen=True)
class DocumentPages:
    """A supporting document to merge: its PDF and the anchors of its placeholders."""

    data: bytes
    anchors: list[str]


@dataclass(frozen=True)
class Layout:
    """Where things fell: the page (1-based) of each anchor, and the page count."""

    anchor_pages: dict[str, int]
    page_count: int


def page_stylesheet(header_left: str, header_right: str) -> str:
    """The @page rules: A4, margins, the running header and "Page N of M"."""
    return f"""
@page {{
  size: {PAGE_WIDTH_MM}mm {PAGE_HEIGHT_MM}mm;
  margin: {MARGIN_TOP_MM}mm {MARGIN_SIDE_MM}mm {MARGIN_BOTTOM_MM}mm;
  @top-left {{ content: {_css_string(header_left)}; }}
  @top-right {{ content: {_css_string(header_right)}; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); }}
}}
.pack-document-page {{ height: {CAPTION_MM}mm; }}
.pack-page-ref::after {{ content: target-counter(attr(data-ref url), page); }}
"""


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


class StaticFilesFetcher(URLFetcher):
    """Fetches the pack's stylesheet and images from the static files on disk, never over
    the network: anything else the HTML names is refused."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static = urlsplit(BASE_URL).netloc, settings.STATIC_URL
        if (parts.netloc, parts.path[: len(settings.STATIC_URL)]) != static:
            raise ValueError(f"The pack may only load static files, not {url}")
        name = parts.path.removeprefix(settings.STATIC_URL)
        found = finders.find(name)
        if found:
            with open(found, "rb") as file:
                body = file.read()
        else:
            with staticfiles_storage.open(name) as file:
                body = file.read()
        content_type = "text/css" if name.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def lay_out(html: str, stylesheet: str):
    page = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return page.render(stylesheets=[CSS(string=stylesheet)], pdf_variant="pdf/ua-1", pdf_tags=True)


def layout_of(document) -> Layout:
    anchor_pages = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    return Layout(anchor_pages=anchor_pages, page_count=len(document.pages))


def render_pdf(
    html: str,
    *,
    stylesheet: str,
    documents: list[DocumentPages],
    progress: Callable[[int, str], None],
) -> tuple[bytes, Layout]:
    """Lay the pack out, write it as a tagged PDF, merge the supporting documents, and
    return the PDF and where everything fell."""
    progress(55, "Laying out the pages")
    document = lay_out(html, stylesheet)
    progress(80, "Writing the PDF")
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    layout = layout_of(document)
    if documents:
        progress(90, "Merging the supporting documents")
        pdf = merge_documents(pdf, documents, layout)
    return pdf, layout


def merge_documents(pdf: bytes, documents: list[DocumentPages], layout: Layout) -> bytes:
    """Draw each supporting document's pages onto their placeholder pages, scaled to fit
    the frame under the caption, keeping the pack's tags and metadata."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for document in documents:
        # A writer of its own: pypdf changes a page's content only in a writer.
        pages = PdfWriter(clone_from=PdfReader(BytesIO(document.data))).pages
        for anchor, source in zip(document.anchors, pages, strict=True):
            target = writer.pages[layout.anchor_pages[anchor] - 1]
            source.transfer_rotation_to_content()
            target.merge_transformed_page(source, _fit(source, target), over=True)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _fit(source, target) -> Transformation:
    """Scale (never up) and place the source page at the top centre of the frame."""
    box = source.cropbox
    width, height = float(box.width), float(box.height)
    frame_left = MARGIN_SIDE_MM * MM
    frame_width = float(target.mediabox.width) - 2 * MARGIN_SIDE_MM * MM
    frame_top = float(target.mediabox.height) - (MARGIN_TOP_MM + CAPTION_MM) * MM
    frame_height = frame_top - MARGIN_BOTTOM_MM * MM
    scale = min(frame_width / width, frame_height / height, 1)
    left = frame_left + (frame_width - width * scale) / 2
    bottom = frame_top - height * scale
    return (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale)
        .translate(left, bottom)
    )
