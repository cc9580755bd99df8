from datetime import UTC, datetime
from io import BytesIO

import factory
from django.core.files.base import ContentFile

from packs.integrity import bytes_sha256
from packs.models import PackVersion

from .contracts import UserFactory
from .minutes import MeetingFactory


def _blank_pdf(pages: int) -> bytes:
    """A real PDF of blank A4 pages: readable by pypdf like a built pack, without
    rendering one."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


FAKE_PDF = _blank_pdf(3)
FAKE_HTML = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Agenda pack</title>'
    '<link rel="icon" type="image/svg+xml" href="/static/images/favicon.svg">'
    "</head><body><main><h1>Agenda pack</h1></main></body></html>"
)


class PackVersionFactory(factory.django.DjangoModelFactory):
    """A published version with stand-in files (no PDF is rendered): for the pages and
    commands that read versions, not for what a built pack holds."""

    class Meta:
        model = PackVersion

    meeting = factory.SubFactory(MeetingFactory)
    number = 1
    published_at = factory.LazyFunction(lambda: datetime(2018, 10, 10, 9, 0, tzinfo=UTC))
    published_by = factory.SubFactory(UserFactory)
    pdf = factory.LazyAttribute(lambda v: ContentFile(FAKE_PDF, name=f"v{v.number}.pdf"))
    html = factory.LazyAttribute(lambda v: ContentFile(FAKE_HTML, name=f"v{v.number}.html"))
    page_count = 3
    sha256 = bytes_sha256(FAKE_PDF)
    html_sha256 = bytes_sha256(FAKE_HTML.encode())

    class Params:
        with_exempt = factory.Trait(
            exempt_pdf=factory.LazyAttribute(
                lambda v: ContentFile(FAKE_PDF, name=f"v{v.number}-exempt.pdf")
            ),
            exempt_page_count=2,
            exempt_sha256=bytes_sha256(FAKE_PDF),
        )
