"""Every URL pattern of the project, turned into a concrete address to visit.

A new page joins the URL walk, the scoping test and the accessibility test by itself;
a new URL keyword needs a sample value in SAMPLE_KWARGS below, or the walk fails.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Names of views that anyone may open without signing in.
PUBLIC = {
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accessibility",
}

# Sample values for URL keywords, read from the demo data.
SAMPLE_KWARGS = {
    "reference": lambda demo: demo["contract"].reference,
    "code": lambda demo: demo["kpi"].code,
    "period": lambda demo: "2018-09",
    "figure_id": lambda demo: demo["figure"].pk,
    "mitigation_id": lambda demo: demo["mitigation"].pk,
    "number": lambda demo: 277,
    "benefit_id": lambda demo: demo["contract"].imt_projects.get(number=277).benefits.first().pk,
    "upload_id": lambda demo: _demo_upload(demo).pk,
    "meeting_id": lambda demo: _demo_item().meeting_id,
    "item_id": lambda demo: _demo_item().pk,
    "resolution_id": lambda demo: _demo_item().resolutions.order_by("number").first().pk,
    "action_id": lambda demo: _demo_item().actions.order_by("pk").first().pk,
    "uidb64": lambda demo: "MQ",
    "token": lambda demo: "set-password",
}


def _demo_upload(demo):
    """A checked upload with a bad row, for the demo contract (the demo has none)."""
    from kpis.models import Upload

    upload, _ = Upload.objects.get_or_create(
        contract=demo["contract"],
        filename="urlwalk.csv",
        defaults={
            "period": demo["figure"].period,
            "sha256": "0" * 64,
            "size": 0,
            "state": "refused",
            "counts": {"create": 1, "error": 1},
            "rows": [
                {
                    "number": 2,
                    "action": "create",
                    "kpi": demo["kpi"].code,
                    "month": "2018-09",
                    "value": "96",
                    "commentary": "",
                    "errors": [],
                },
                {
                    "number": 3,
                    "action": "error",
                    "kpi": demo["kpi"].code,
                    "month": "2018-09",
                    "value": "",
                    "commentary": "",
                    "errors": [{"column": "value", "message": "“lots” is not a number"}],
                },
            ],
        },
    )
    return upload


def _demo_item():
    """The demo's scrutiny item on the CSSC quarterly performance report."""
    from minutes.models import AgendaItem

    return (
        AgendaItem.objects.filter(resolutions__isnull=False, actions__isnull=False)
        .order_by("meeting__date", "number")
        .first()
    )


@dataclass(frozen=True)
class Page:
    name: str  # namespaced name, e.g. "contract_dashboard"
    url: str
    callback: object


def _walk(patterns, namespace=None, keywords=()):
    """(pattern, namespace, URL keywords including those of the includes around it)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # Django's admin guards itself (staff only); checked separately
            joined = ":".join(filter(None, [namespace, entry.namespace]))
            outer = (*keywords, *entry.pattern.converters.keys())
            yield from _walk(entry.url_patterns, joined, outer)
        elif isinstance(entry, URLPattern):
            yield entry, namespace, (*keywords, *entry.pattern.converters.keys())


def all_pages(demo) -> list[Page]:
    pages = []
    for pattern, namespace, keywords in _walk(get_resolver().url_patterns):
        if not pattern.name:
            raise AssertionError(f"URL pattern {pattern.pattern} has no name")
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        missing = [k for k in keywords if k not in SAMPLE_KWARGS]
        if missing:
            raise AssertionError(f"{name}: add a sample value for {missing} to SAMPLE_KWARGS")
        url = reverse(name, kwargs={k: SAMPLE_KWARGS[k](demo) for k in keywords})
        pages.append(Page(name=name, url=url, callback=pattern.callback))
    return pages


def is_public(page: Page) -> bool:
    return page.name in PUBLIC


DOWNLOAD_LINK = re.compile(r'href="([^"]*export=[^"]*)"')


def downloads_linked_from(url: str, response) -> list[str]:
    """The CSV and XLSX downloads a page links to ("Download what is shown")."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    links = DOWNLOAD_LINK.findall(response.content.decode())
    return sorted({urljoin(url, html.unescape(link)) for link in links})


def visit(client, urls):
    """(url, response) for each address and for every download its page links to."""
    for url in urls:
        response = client.get(url)
        yield url, response
        for download in downloads_linked_from(url, response):
            yield download, client.get(download)
