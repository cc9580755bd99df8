from django.urls import reverse

from contracts.permissions import is_administrator


def navigation(request):
    """The service navigation, fitted to what the signed-in user may do. Worked out once
    a request: each table and panel of a page is rendered with the request's context
    processors again."""
    if not hasattr(request, "_navigation"):
        request._navigation = _navigation(request)
    return request._navigation


def _navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("Home", reverse("home")),
        ("Contracts", reverse("contracts:list")),
        ("Meetings", reverse("minutes:meeting_list")),
        ("Actions", reverse("minutes:action_list")),
        ("IMT projects", reverse("imt_projects:portfolio")),
    ]
    if is_administrator(user):
        items.append(("Administration", reverse("admin:index")))
    path = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": path == url or (url != "/" and path.startswith(url)),
            }
            for label, url in items
        ]
    }
