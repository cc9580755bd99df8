"""Adding and removing an agenda item's supporting documents."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from minutes.models import AgendaItem

from ..documents import check_pdf
from ..models import SupportingDocument
from ..permissions import can_change_documents


def _require(user, item: AgendaItem) -> None:
    if not can_change_documents(user, item):
        raise PermissionDenied("Only a clerk or the report's author may change its documents.")


def document_add(*, agenda_item: AgendaItem, user, title: str, file) -> SupportingDocument:
    """Check the uploaded PDF (packs.documents) and add it after the item's others."""
    _require(user, agenda_item)
    try:
        checked = check_pdf(file.read())
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    document = SupportingDocument(
        agenda_item=agenda_item,
        title=title.strip(),
        page_count=checked.page_count,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    document.file.save(f"{checked.sha256[:16]}.pdf", ContentFile(checked.data), save=False)
    try:
        with transaction.atomic():
            # Lock the item so that two uploads at once do not take the same position.
            AgendaItem.objects.select_for_update().filter(pk=agenda_item.pk).first()
            last = agenda_item.documents.aggregate(last=Max("position"))["last"] or 0
            document.position = last + 1
            document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def document_remove(*, document: SupportingDocument, user) -> None:
    _require(user, document.agenda_item)
    name, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
