import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from packs.models import PackVersion
from packs.querysets import PublishedPackIsFrozen
from tests.factories import PackVersionFactory

pytestmark = pytest.mark.django_db


def test_pack_version_refuses_to_be_changed():
    version = PackVersionFactory()
    version.page_count = 99
    with pytest.raises(PublishedPackIsFrozen):
        version.save()
    assert PackVersion.objects.get(pk=version.pk).page_count == 3


def test_pack_version_refuses_to_be_deleted_one_by_one_or_in_bulk():
    version = PackVersionFactory()
    with pytest.raises(PublishedPackIsFrozen):
        version.delete()
    with pytest.raises(PublishedPackIsFrozen):
        PackVersion.objects.all().delete()
    with pytest.raises(PublishedPackIsFrozen):
        PackVersion.objects.update(sha256="0" * 64)
    assert PackVersion.objects.get(pk=version.pk).sha256 == version.sha256


def test_pack_version_admin_offers_no_add_change_or_delete(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    admin = site._registry[PackVersion]
    version = PackVersionFactory()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, version)
    assert not admin.has_delete_permission(request, version)
    assert admin.has_view_permission(request, version)


def test_verify_packs_passes_when_every_file_matches(capsys):
    PackVersionFactory(with_exempt=True)
    call_command("verify_packs")
    assert "every file matches" in capsys.readouterr().out


@pytest.mark.parametrize("field", ["pdf", "html", "exempt_pdf"])
def test_verify_packs_names_a_tampered_file(field):
    version = PackVersionFactory(with_exempt=True)
    tampered = getattr(version, field)
    with tampered.storage.open(tampered.name, "wb") as handle:
        handle.write(b"%PDF-1.7 something else")
    with pytest.raises(CommandError) as refused:
        call_command("verify_packs")
    assert tampered.name in str(refused.value)
    assert "changed since publication" in str(refused.value)


def test_verify_packs_names_a_missing_file():
    version = PackVersionFactory()
    version.pdf.storage.delete(version.pdf.name)
    with pytest.raises(CommandError) as refused:
        call_command("verify_packs")
    assert f"{version.pdf.name}: missing" in str(refused.value)


def test_pack_version_admin_shows_the_files_with_their_hashes(client, django_user_model):
    version = PackVersionFactory(with_exempt=True)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    listing = client.get(reverse("admin:packs_packversion_changelist"))
    page = client.get(reverse("admin:packs_packversion_change", args=[version.pk]))
    assert listing.status_code == page.status_code == 200
    text = page.content.decode()
    assert version.sha256 in text and version.html_sha256 in text
    assert 'name="_save"' not in text
    for model in ("report", "supportingdocument", "packbuild"):
        assert client.get(reverse(f"admin:packs_{model}_changelist")).status_code == 200
