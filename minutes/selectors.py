"""Reads the pages share: a meeting's items, the actions in order of urgency, the minutes
linked to a KPI or project, the contract dashboard panel."""

from datetime import date

from django.db import connection
from django.db.models import Case, CharField, DateField, F, IntegerField, Prefetch, Q, Value, When

from .choices import ActionStatus, MeetingStatus
from .models import Action, AgendaItem, Meeting, Resolution

PANEL_ACTIONS = 10

_TEXT = CharField()


def _link_columns(kind: str, text: str, number, owner, status, due) -> dict:
    # Every column an annotation, in one order, so the two halves of the union line up.
    return {
        "kind": Value(kind, output_field=_TEXT),
        "row_id": F("pk"),
        "body": F(text),
        "resolution_number": number,
        "meeting_ref": F("agenda_item__meeting_id"),
        "meeting_date": F("agenda_item__meeting__date"),
        "board_name": F("agenda_item__meeting__board__name"),
        "item_number": F("agenda_item__number"),
        "owner_name": owner,
        "action_status": status,
        "due": due,
    }


def links_for_kpi(user, kpi) -> list[dict]:
    """The resolutions and actions linked to a KPI that the user may see, in one query."""
    return _links(user, kpi=kpi)


def links_for_project(user, project) -> list[dict]:
    """The resolutions and actions linked to an IMT project that the user may see."""
    return _links(user, imt_project=project)


# Written in SQL, not built through the ORM: most KPIs and projects have nothing linked,
# and building the scoped query below costs far more than this one takes to run.
_LINKED_SQL = """
SELECT EXISTS (SELECT 1 FROM {resolutions} WHERE {resolution_column} = %s)
    OR EXISTS (SELECT 1 FROM {actions} WHERE {action_column} = %s)
"""


def _anything_linked(name: str, subject) -> bool:
    """Whether any resolution or action, whoever may see it, is linked to `subject`
    (through field `name`): when none is, none is shown, and the scoped query is spared."""
    quote = connection.ops.quote_name
    sql = _LINKED_SQL.format(
        resolutions=quote(Resolution._meta.db_table),
        actions=quote(Action._meta.db_table),
        resolution_column=quote(Resolution._meta.get_field(name).column),
        action_column=quote(Action._meta.get_field(name).column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [subject.pk, subject.pk])
        return bool(cursor.fetchone()[0])


def _links(user, **subject) -> list[dict]:
    ((name, value),) = subject.items()
    if not _anything_linked(name, value):
        return []
    resolution_columns = _link_columns(
        "resolution",
        "text",
        F("number"),
        Value("", output_field=_TEXT),
        Value("", output_field=_TEXT),
        Value(None, output_field=DateField()),
    )
    action_columns = _link_columns(
        "action",
        "description",
        Value(0, output_field=IntegerField()),
        F("owner"),
        F("status"),
        F("due_date"),
    )
    names = list(resolution_columns)
    resolutions = (
        Resolution.objects.visible_to(user)
        .filter(**subject)
        .annotate(**resolution_columns)
        .order_by()
        .values_list(*names)
    )
    actions = (
        Action.objects.visible_to(user)
        .filter(**subject)
        .annotate(**action_columns)
        .order_by()
        .values_list(*names)
    )
    rows = [dict(zip(names, row, strict=True)) for row in resolutions.union(actions, all=True)]
    labels = dict(ActionStatus.choices)
    for row in rows:
        row["status_label"] = labels.get(row["action_status"], "")
        row["is_resolution"] = row["kind"] == "resolution"
    return sorted(rows, key=lambda r: (r["meeting_date"], r["kind"], r["resolution_number"]))


def contract_panel(contract, after: date, user) -> dict | None:
    """Open actions about a contract, and the next meeting after `after` of a board whose
    items concern it."""
    open_actions = (
        Action.objects.visible_to(user)
        .for_contract(contract)
        .open()
        .select_related("agenda_item__meeting__board")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    actions = list(open_actions[:PANEL_ACTIONS])
    items = AgendaItem.objects.visible_to(user).filter(contract=contract)
    next_meeting = (
        Meeting.objects.filter(pk__in=items.values("meeting"), date__gt=after)
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
        .select_related("board")
        .order_by("date", "start_time")
        .first()
    )
    if not actions and next_meeting is None:
        return None
    return {
        "actions": actions,
        "open_count": len(actions) if len(actions) < PANEL_ACTIONS else open_actions.count(),
        "next_meeting": next_meeting,
        "next_items": list(items.filter(meeting=next_meeting)) if next_meeting else [],
    }


def meeting_items(meeting: Meeting, user):
    """The items of a meeting the user may see, with their resolutions and actions."""
    resolutions = Resolution.objects.visible_to(user).select_related("kpi")
    actions = Action.objects.visible_to(user).select_related("kpi", "resolution")
    return list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("contract")
        .prefetch_related(
            Prefetch("resolutions", queryset=resolutions),
            Prefetch("actions", queryset=actions.order_by("due_date", "pk")),
        )
    )


def actions_in_order(queryset, today):
    """Overdue actions first, then other open ones, then the closed; by due date."""
    outstanding = ActionStatus.outstanding()
    return queryset.annotate(
        urgency=Case(
            When(Q(status__in=outstanding) & Q(due_date__lt=today), then=0),
            When(status__in=outstanding, then=1),
            default=2,
            output_field=IntegerField(),
        )
    ).order_by("urgency", "due_date", "pk")
