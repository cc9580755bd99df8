"""Search over minutes and resolutions: PostgreSQL full-text search where available,
a plain case-insensitive match elsewhere (SQLite for the demo and quick runs)."""

from django.db import connection
from django.db.models import F, Q

from .models import AgendaItem, Resolution

LIMIT = 50


def _full_text(queryset, fields, q):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config="english")
    query = SearchQuery(q, search_type="websearch", config="english")
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-meeting_date")
    )


def _contains(queryset, fields, q):
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": q})
    return queryset.filter(match).order_by("-meeting_date")


def _search(queryset, fields, q):
    if connection.vendor == "postgresql":
        return _full_text(queryset, fields, q)
    return _contains(queryset, fields, q)


def search_minutes(user, q: str) -> dict:
    """The agenda items and resolutions the user may see that match q."""
    q = q.strip()
    if not q:
        return {"agenda_items": [], "resolutions": []}
    items = AgendaItem.objects.visible_to(user).select_related("meeting__board")
    items = items.alias(meeting_date=F("meeting__date"))
    resolutions = Resolution.objects.visible_to(user).select_related("agenda_item__meeting__board")
    resolutions = resolutions.alias(meeting_date=F("agenda_item__meeting__date"))
    return {
        "agenda_items": list(_search(items, ["title", "minutes", "points"], q)[:LIMIT]),
        "resolutions": list(_search(resolutions, ["text"], q)[:LIMIT]),
    }
