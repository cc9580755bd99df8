"""Publishing a pack, freezing it, and listing corrections. Each test builds as few
PDFs as it can: WeasyPrint takes a while on a small machine."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from contracts.choices import Role
from kpis.models import KPIFigure
from kpis.recompute import recompute_statuses
from kpis.services import figure_correct
from packs.corrections import corrections_seen_by, corrections_since
from packs.integrity import bytes_sha256, verify_version
from packs.services.publishing import pack_publish
from tests.factories import AgendaItemFactory, MembershipFactory, UserFactory

from .publishing import REPORT_TITLE, meeting, pdf_pages, second_manager, stored_bytes

__all__ = ["meeting", "second_manager"]

pytestmark = pytest.mark.django_db


def test_pack_publish_stores_the_pdf_its_hash_pages_and_tells_the_members(
    meeting, clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = pack_publish(meeting=meeting, user=clerk)

    data = stored_bytes(version.pdf)
    pages = pdf_pages(data)
    assert (version.number, version.page_count) == (1, len(pages))
    assert version.sha256 == bytes_sha256(data)
    assert verify_version(version) == []
    assert any(REPORT_TITLE in page for page in pages)
    item = meeting.items.get(number=5)
    assert item.pages and item.pages[0].isdigit()
    assert "figure:CSSC:K_1:2018-09" in version.snapshot
    assert version.snapshot["figure:CSSC:K_1:2018-09"]["value"] in pages[-1] + "".join(pages)
    [mail] = mailoutbox
    assert mail.to == ["councillor@example.org"]
    assert f"/meetings/{meeting.pk}/pack/" in mail.body
    assert mail.attachments == []


def test_pack_table_1_in_the_published_pdf_reads_as_the_dashboard_for_the_same_months(
    client, meeting, clerk
):
    version = pack_publish(meeting=meeting, user=clerk)
    text = " ".join(" ".join(pdf_pages(stored_bytes(version.pdf))).split())

    reader = UserFactory()
    contract = meeting.items.get(number=5).contract
    MembershipFactory(user=reader, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(reader)
    export = client.get(
        reverse("contract_dashboard", args=[contract.reference]),
        {"range": "custom", "from": "2018-07", "to": "2018-09", "export": "csv"},
    )
    header, *rows = csv.reader(io.StringIO(export.content.decode("utf-8-sig")))

    assert "Table 1 — KPI Summary Performance, July 2018 to September 2018" in text
    assert " ".join(header[3:]) in text  # the months, in order
    for row in rows:
        # The KPI's code, then each month's cell (status word and value) in order.
        words = [row[1], *(word for cell in row[3:] for word in cell.split())]
        assert re.search(".*?".join(map(re.escape, words)), text), row


def test_pack_correction_is_listed_and_a_supplement_leaves_version_1_unchanged(
    client, meeting, clerk, second_manager
):
    first = pack_publish(meeting=meeting, user=clerk)
    published = stored_bytes(first.pdf)
    figure = KPIFigure.objects.get(kpi__code="K_1", period="2018-09-01")
    figure_correct(
        figure=figure,
        value=Decimal("91.5"),
        commentary="",
        reason="Supplier recounted the late calls",
        user=second_manager,
    )
    recompute_statuses(contract=figure.kpi.contract)

    corrections = {c.key: c for c in corrections_since(first)}
    correction = corrections["figure:CSSC:K_1:2018-09"]
    assert (correction.published, correction.current) == ("96.00%", "91.50%")
    assert correction.who == "Marcus Hale"
    assert correction.reason == "Supplier recounted the late calls"
    assert stored_bytes(first.pdf) == published
    assert verify_version(first) == []
    # The pack page names the contract's corrections only to those who see the contract.
    assert correction.key in {c.key for c in corrections_seen_by(first, clerk)}
    assert corrections_seen_by(first, meeting.board.members.get()) == []

    second = pack_publish(meeting=meeting, user=clerk)
    assert second.number == 2
    front = " ".join(pdf_pages(stored_bytes(second.pdf))[0].split())
    assert "Supplementary agenda pack" in front
    assert "91.50%" in front and "Supplier recounted the late calls" in front
    assert any(c["reason"] == "Supplier recounted the late calls" for c in second.corrections)
    assert corrections_since(second) == []
    client.force_login(clerk)
    assert client.get(reverse("packs:version_pdf", args=[meeting.pk, 1])).content == published
    assert client.get(reverse("packs:latest_pdf", args=[meeting.pk])).content == stored_bytes(
        second.pdf
    )


def test_pack_publish_refuses_a_board_member(meeting):
    member = meeting.board.members.get()
    with pytest.raises(PermissionDenied):
        pack_publish(meeting=meeting, user=member)
    assert not meeting.pack_versions.exists()


def test_publish_pack_command_prints_the_version_pages_and_hash(meeting, clerk, capsys):
    call_command("publish_pack", meeting=meeting.pk, user="clerk")
    version = meeting.pack_versions.get()
    out = capsys.readouterr().out
    assert "Version: 1" in out
    assert f"Pages: {version.page_count}" in out
    assert f"SHA-256: {version.sha256}" in out


def test_publish_pack_command_refuses_who_may_not_publish(meeting):
    with pytest.raises(CommandError, match="councillor may not publish"):
        call_command("publish_pack", meeting=meeting.pk, user="councillor")
    with pytest.raises(CommandError, match="no active user"):
        call_command("publish_pack", meeting=meeting.pk, user="nobody")
    assert not meeting.pack_versions.exists()


def test_pack_publish_button_runs_a_build_that_publishes(
    client, meeting, clerk, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:publish", args=[meeting.pk]))
    build = meeting.pack_builds.get()
    assert response["Location"] == reverse("packs:build", args=[meeting.pk, build.pk])
    version = meeting.pack_versions.get()
    assert (build.status, build.version) == ("done", version)
    page = client.get(reverse("packs:pack", args=[meeting.pk])).content.decode()
    assert version.sha256 in page and "Publish a supplement (version 2)" in page


def test_pack_publish_stores_the_exempt_pack_apart(meeting, clerk):
    AgendaItemFactory(meeting=meeting, number=6, title="Commercial negotiations", exempt=True)
    version = pack_publish(meeting=meeting, user=clerk)
    public = " ".join(pdf_pages(stored_bytes(version.pdf)))
    exempt = " ".join(pdf_pages(stored_bytes(version.exempt_pdf)))
    assert "Commercial negotiations" not in public
    assert "Commercial negotiations" in exempt
    assert version.exempt_sha256 == bytes_sha256(stored_bytes(version.exempt_pdf))
    assert version.exempt_page_count == len(pdf_pages(stored_bytes(version.exempt_pdf)))
    assert verify_version(version) == []
