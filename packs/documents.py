"""What a supporting document must be before it joins a pack (docs/domain.md, "Board
packs"): a real PDF by its bytes and as parsed by pypdf, no bigger than
PACK_DOCUMENT_MAX_BYTES, not encrypted, and carrying no JavaScript anywhere.

The checks look at the content, never the file name: a text file renamed .pdf is
refused as what it is. JavaScript is looked for in every object reachable from the
document's catalogue (names tree, open action, pages' and annotations' additional
actions, form fields), not only where viewers usually run it.
"""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .integrity import bytes_sha256

PDF_MAGIC = b"%PDF-"
# Viewers accept a header preceded by a little junk; so do we, but no more than this.
HEADER_WINDOW = 1024
JAVASCRIPT_KEYS = {"/JS", "/JavaScript"}
# A PDF with more objects than this is not a board paper; refusing it bounds the walk.
MAX_OBJECTS = 200_000


@dataclass(frozen=True)
class CheckedPdf:
    data: bytes
    page_count: int
    size: int
    sha256: str


def check_pdf(data: bytes) -> CheckedPdf:
    """The PDF's page count, size and SHA-256; ValidationError naming the problem when
    it is too big, not a PDF, unreadable, encrypted or carrying JavaScript."""
    limit = settings.PACK_DOCUMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            f"The file is {filesizeformat(len(data))}: the largest accepted is "
            f"{filesizeformat(limit)}."
        )
    if PDF_MAGIC not in data[:HEADER_WINDOW]:
        raise ValidationError("The file is not a PDF: choose a PDF document.")
    reader = _read(data)
    if reader.is_encrypted:
        raise ValidationError(
            "The PDF is encrypted or password-protected: save it without a password "
            "and upload it again."
        )
    page_count = _page_count(reader)
    if _has_javascript(reader):
        raise ValidationError(
            "The PDF contains JavaScript, which the pack cannot carry: save it again "
            "without scripts (for example by printing it to PDF) and upload it again."
        )
    return CheckedPdf(data=data, page_count=page_count, size=len(data), sha256=bytes_sha256(data))


_UNREADABLE = "The PDF could not be read: it may be damaged. Save it again and upload it again."


def _read(data: bytes) -> PdfReader:
    try:
        return PdfReader(BytesIO(data))
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise ValidationError(_UNREADABLE) from error


def _page_count(reader: PdfReader) -> int:
    try:
        count = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise ValidationError(_UNREADABLE) from error
    if count == 0:
        raise ValidationError("The PDF has no pages.")
    return count


def _has_javascript(reader: PdfReader) -> bool:
    """Whether any dictionary reachable from the catalogue names JavaScript: a /JS or
    /JavaScript key, or an action of type /JavaScript."""
    try:
        return _walk_finds_javascript(reader.trailer)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise ValidationError(_UNREADABLE) from error


def _walk_finds_javascript(root) -> bool:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > MAX_OBJECTS:
                raise ValidationError("The PDF has too many objects to check.")
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if JAVASCRIPT_KEYS & set(node.keys()) or node.get("/S") == "/JavaScript":
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False
