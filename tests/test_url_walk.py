import pytest
from django.contrib.auth.views import redirect_to_login

from tests.urlwalk import PUBLIC, add_second_contract, all_pages, is_public, text_of, visit

pytestmark = pytest.mark.django_db


def test_every_page_is_public_or_asks_anonymous_visitors_to_sign_in(client, demo):
    pages = all_pages(demo)
    assert len(pages) > 10
    for page in pages:
        response = client.get(page.url)
        if is_public(page):
            assert response.status_code in (200, 302, 503), page
            if response.status_code == 302:
                assert "/accounts/login/" not in response["Location"], page
        else:
            assert response.status_code == 302, page
            assert response["Location"] == redirect_to_login(page.url)["Location"], page


def test_the_public_allow_list_names_only_real_pages(demo):
    names = {page.name for page in all_pages(demo)}
    assert names >= PUBLIC


def test_admin_sends_anonymous_visitors_to_its_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signed_in_user_can_open_every_get_page(client, demo, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    client.force_login(admin)
    for page in all_pages(demo):
        response = client.get(page.url)
        assert response.status_code in (200, 302, 405), (page, response.status_code)


def test_every_signed_in_page_and_download_is_private_and_not_stored(
    client, demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="admin"))
    visited = list(visit(client, [page.url for page in all_pages(demo)]))
    downloads = [url for url, _ in visited if "export=" in url]
    assert any("export=csv" in url for url in downloads)
    assert any("export=xlsx" in url for url in downloads)
    for url, response in visited:
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, (url, response.get("Cache-Control"))


def test_public_static_files_keep_their_caching(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get("/static/css/oversight.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_member_of_one_contract_never_sees_anothers_reference_title_or_supplier(
    client, demo, django_user_model
):
    second = add_second_contract(demo)
    urls = [page.url for page in all_pages(demo)] + list(second.urls)
    client.force_login(second.reader)
    opened = 0
    for url, response in visit(client, urls):
        page = text_of(response).casefold()
        for secret in second.secrets:
            assert secret.casefold() not in page, (url, secret)
        opened += response.status_code == 200
    assert opened > len(urls) / 2
    # A clerk, who sees every contract, finds all three on those pages: a leak would show.
    client.force_login(django_user_model.objects.get(username="clerk"))
    everything = "".join(text_of(response) for _, response in visit(client, second.urls))
    assert all(secret in everything for secret in second.secrets)
