"""The preview, its progress and PDF, and the supporting documents page."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.choices import Role
from packs.choices import BuildPurpose, BuildStatus
from packs.models import PackBuild, SupportingDocument
from packs.services.builds import pack_build_run
from packs.tasks import build_pack_task
from tests.factories import ContractFactory, MembershipFactory, UserFactory
from tests.factories.minutes import AgendaItemFactory, BoardFactory, MeetingFactory
from tests.packs.pdfs import make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return UserFactory(username="clerk", groups=["Clerks"])


@pytest.fixture
def member():
    return UserFactory(username="member")


@pytest.fixture
def meeting(member):
    meeting = MeetingFactory(board=BoardFactory(members=[member]), date=date(2018, 10, 25))
    AgendaItemFactory(meeting=meeting, number=1, title="Apologies for absence")
    AgendaItemFactory(meeting=meeting, number=2, title="Commercial terms", exempt=True)
    return meeting


def test_preview_builds_the_pack_and_offers_its_pdfs(
    client, clerk, meeting, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:preview", args=[meeting.pk]))
    build = PackBuild.objects.get()
    assert response["Location"] == reverse("packs:build", args=[meeting.pk, build.pk])
    assert (build.purpose, build.status, build.progress) == ("preview", "done", 100)
    page = client.get(response["Location"]).content.decode()
    assert "Built" in page and "Open the preview" in page and "exempt pack" in page
    pdf = client.get(reverse("packs:preview_pdf", args=[meeting.pk, build.pk]))
    assert pdf.content.startswith(b"%PDF-")
    assert (
        "inline" in pdf["Content-Disposition"]
        and "agenda-pack-preview.pdf" in pdf["Content-Disposition"]
    )
    exempt = client.get(reverse("packs:preview_pdf", args=[meeting.pk, build.pk]) + "?pack=exempt")
    assert exempt.status_code == 200 and exempt.content.startswith(b"%PDF-")


def test_preview_is_refused_to_a_board_member_and_to_others(client, member, meeting):
    # Only clerks and administrators build packs: refused before the meeting is looked up.
    for user in (member, UserFactory()):
        client.force_login(user)
        assert client.post(reverse("packs:preview", args=[meeting.pk])).status_code == 403
    assert not PackBuild.objects.exists()


def test_build_page_shows_progress_while_the_build_runs(client, clerk, meeting):
    build = PackBuild.objects.create(
        meeting=meeting,
        purpose=BuildPurpose.PREVIEW,
        requested_by=clerk,
        status=BuildStatus.RUNNING,
        progress=40,
        step="Building item 2",
    )
    client.force_login(clerk)
    url = reverse("packs:build", args=[meeting.pk, build.pk])
    page = client.get(url).content.decode()
    assert '<progress id="build-progress" class="app-progress" max="100" value="40">' in page
    assert "40% – Building item 2" in page and "pack-build.js" in page
    status = client.get(url, {"format": "json"}).json()
    assert status == {"busy": True, "progress": 40, "step": "Building item 2"}
    # Not built yet: the PDF's address leads back to the progress.
    pdf = client.get(reverse("packs:preview_pdf", args=[meeting.pk, build.pk]))
    assert pdf["Location"] == url


def test_build_task_runs_a_build_once(clerk, meeting):
    build = PackBuild.objects.create(
        meeting=meeting, purpose=BuildPurpose.PREVIEW, requested_by=clerk
    )
    assert build_pack_task(build.pk) == BuildStatus.DONE
    build.refresh_from_db()
    first_pdf = build.pdf.name
    assert build.page_count >= 2 and build.finished_at is not None
    # A redelivered message finds the build done and builds nothing again.
    assert build_pack_task(build.pk) == BuildStatus.DONE
    build.refresh_from_db()
    assert build.pdf.name == first_pdf


def test_build_failure_is_recorded_with_a_message(clerk, meeting, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("packs.services.builds.build_pack", broken)
    build = PackBuild.objects.create(
        meeting=meeting, purpose=BuildPurpose.PREVIEW, requested_by=clerk
    )
    build = pack_build_run(build=build)
    assert build.status == BuildStatus.FAILED
    assert "the pack was not built" in build.error
    assert "layout exploded" in caplog.text


def test_publish_build_publishes_the_next_version(clerk, meeting):
    build = PackBuild.objects.create(
        meeting=meeting, purpose=BuildPurpose.PUBLISH, requested_by=clerk
    )
    build = pack_build_run(build=build)
    assert build.status == BuildStatus.DONE
    assert build.version.number == 1
    assert build.page_count == build.version.page_count


@pytest.fixture
def contract_item():
    contract = ContractFactory()
    return AgendaItemFactory(contract=contract, title="Quarterly performance")


def _add(client, item, data):
    return client.post(reverse("packs:document_upload", args=[item.pk]), data)


def test_documents_page_adds_a_pdf_and_removes_it(client, clerk, contract_item):
    client.force_login(clerk)
    response = _add(client, contract_item, {"title": "Appendix B", "file": upload(make_pdf())})
    assert response.status_code == 302
    document = SupportingDocument.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Appendix B" in page and "“Appendix B” added." in page
    response = client.post(reverse("packs:document_remove", args=[document.pk]))
    assert response["Location"] == reverse("packs:document_upload", args=[contract_item.pk])
    assert not SupportingDocument.objects.exists()


def test_documents_page_names_the_problem_with_a_fake_pdf(client, clerk, contract_item):
    client.force_login(clerk)
    fake = upload(b"Just some text, renamed.", name="appendix.pdf")
    response = _add(client, contract_item, {"title": "Appendix B", "file": fake})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The file is not a PDF" in page and 'href="#id_file"' in page
    assert not SupportingDocument.objects.exists()


def test_documents_page_is_for_the_contract_manager_not_an_officer(client, contract_item):
    manager, officer = UserFactory(), UserFactory()
    for user, role in ((manager, Role.CONTRACT_MANAGER), (officer, Role.OFFICER)):
        MembershipFactory(user=user, contract=contract_item.contract, role=role)
        contract_item.meeting.board.members.add(user)
    url = reverse("packs:document_upload", args=[contract_item.pk])
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())  # no role anywhere: refused before the item is read
    assert client.get(url).status_code == 403


def test_build_task_takes_over_a_build_whose_worker_was_lost(clerk, meeting, settings):
    build = PackBuild.objects.create(
        meeting=meeting, purpose=BuildPurpose.PREVIEW, requested_by=clerk
    )
    PackBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RUNNING, progress=30)
    # Still within the task's time limit: another worker may be building it.
    assert build_pack_task(build.pk) == BuildStatus.RUNNING
    settings.CELERY_TASK_TIME_LIMIT = 0
    assert build_pack_task(build.pk) == BuildStatus.DONE


def test_meeting_page_lists_documents_and_links_those_who_may_change_them(
    client, clerk, member, meeting
):
    item = meeting.items.get(number=1)
    SupportingDocument.objects.create(
        agenda_item=item,
        position=1,
        title="Attendance record",
        file="packs/documents/attendance.pdf",
        page_count=2,
        size=100,
        sha256="0" * 64,
        uploaded_by=clerk,
    )
    upload_url = reverse("packs:document_upload", args=[item.pk])
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Attendance record (2 pages)" in page and upload_url not in page
    client.force_login(clerk)
    assert upload_url in client.get(meeting.get_absolute_url()).content.decode()


def test_preview_says_so_when_the_task_queue_is_down(
    client, clerk, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("packs.services.builds.queue_pack_build", lambda build_id: False)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:preview", args=[meeting.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "the pack was not built" in page and "task queue cannot be reached" in page
    assert PackBuild.objects.get().status == BuildStatus.FAILED
