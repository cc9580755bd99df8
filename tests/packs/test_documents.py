import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts.choices import Role
from packs.documents import check_pdf
from packs.models import SupportingDocument
from packs.services.documents import document_add, document_remove
from tests.factories import ContractFactory, MembershipFactory, UserFactory
from tests.factories.minutes import AgendaItemFactory
from tests.packs.pdfs import make_pdf, upload


def _refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_pdf(data)
    return " ".join(refused.value.messages)


def test_check_pdf_accepts_a_real_pdf_with_its_page_count_and_hash():
    data = make_pdf(["One", "Two", "Three"])
    checked = check_pdf(data)
    assert checked.page_count == 3
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


def test_check_pdf_refuses_a_text_file_renamed_pdf():
    assert "not a PDF" in _refusal(b"Minutes of the meeting, saved as text.\n")


def test_check_pdf_refuses_an_encrypted_pdf():
    assert "encrypted" in _refusal(make_pdf(encrypt=True))


def test_check_pdf_refuses_a_pdf_carrying_javascript():
    assert "JavaScript" in _refusal(make_pdf(javascript=True))


def test_check_pdf_refuses_javascript_hidden_in_a_page_action():
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf())))
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    output = BytesIO()
    writer.write(output)
    assert "JavaScript" in _refusal(output.getvalue())


def test_check_pdf_refuses_a_damaged_pdf():
    assert "could not be read" in _refusal(b"%PDF-1.7\n" + b"\x00garbage" * 50)


def test_check_pdf_refuses_a_file_over_the_size_limit(settings):
    settings.PACK_DOCUMENT_MAX_BYTES = 100
    assert "largest accepted is 100" in _refusal(make_pdf())


@pytest.mark.django_db
def test_document_add_stores_the_pdf_after_the_items_others():
    clerk = UserFactory(groups=["Clerks"])
    item = AgendaItemFactory()
    first = document_add(agenda_item=item, user=clerk, title=" Annex ", file=upload(make_pdf()))
    second = document_add(
        agenda_item=item, user=clerk, title="Plan", file=upload(make_pdf(["a", "b"]))
    )
    assert (first.position, first.title, first.page_count) == (1, "Annex", 1)
    assert (second.position, second.page_count) == (2, 2)
    with second.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


@pytest.mark.django_db
def test_document_add_refuses_a_bad_file_and_saves_nothing(media_root):
    clerk = UserFactory(groups=["Clerks"])
    item = AgendaItemFactory()
    with pytest.raises(ValidationError):
        document_add(agenda_item=item, user=clerk, title="Bad", file=upload(b"not a pdf"))
    assert not SupportingDocument.objects.exists()
    assert not list(media_root.rglob("*.pdf"))


@pytest.mark.django_db
def test_document_add_allows_the_contract_manager_but_not_an_officer():
    contract = ContractFactory()
    item = AgendaItemFactory(contract=contract)
    manager, officer = UserFactory(), UserFactory()
    MembershipFactory(user=manager, contract=contract, role=Role.CONTRACT_MANAGER)
    MembershipFactory(user=officer, contract=contract, role=Role.OFFICER)
    document_add(agenda_item=item, user=manager, title="Annex", file=upload(make_pdf()))
    with pytest.raises(PermissionDenied):
        document_add(agenda_item=item, user=officer, title="Annex", file=upload(make_pdf()))


# transaction=True: the file is removed on commit. serialized_rollback: the flush at the
# end must not take the groups the migrations made away from the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_document_remove_deletes_the_record_and_its_file(media_root):
    clerk = UserFactory(groups=["Clerks"])
    document = document_add(
        agenda_item=AgendaItemFactory(), user=clerk, title="Annex", file=upload(make_pdf())
    )
    path = document.file.path
    document_remove(document=document, user=clerk)
    assert not SupportingDocument.objects.exists()
    assert not (media_root / path).exists()
