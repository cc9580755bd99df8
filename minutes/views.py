from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.permissions import remember_memberships_of, require
from core.forms import form_saved
from core.lists import ObjectListView

from . import services
from .filters import ActionFilter, MeetingFilter
from .forms import (
    ActionForm,
    AgendaItemForm,
    ConfirmMinutesForm,
    MeetingForm,
    ResolutionForm,
    SearchForm,
)
from .models import Action, AgendaItem, Meeting, Resolution
from .permissions import can_edit_minutes
from .search import search_minutes
from .selectors import actions_in_order, meeting_items
from .tables import ActionTable, MeetingTable


def _require_clerk(request):
    require(can_edit_minutes(request.user))


def _posted(request):
    return request.POST if request.method == "POST" else None


def _refused(request, error: ValidationError, meeting: Meeting):
    messages.error(request, " ".join(error.messages))
    return redirect(meeting)


def _locked(request, meeting: Meeting):
    """Back to the meeting, saying why, when its confirmed minutes are locked."""
    try:
        services.ensure_unlocked(meeting)
    except ValidationError as error:
        return _refused(request, error, meeting)
    return None


def _meeting(request, meeting_id) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board", "confirmed_at"),
        pk=meeting_id,
    )


def _item(request, item_id) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related(
            "meeting__board", "meeting__confirmed_at", "contract"
        ),
        pk=item_id,
    )


class MeetingList(ObjectListView):
    filterset = MeetingFilter
    table = MeetingTable
    template_name = "minutes/meeting_list.html"
    title = "Meetings"

    def queryset(self, request):
        return Meeting.objects.visible_to(request.user).select_related("board")

    def extra_context(self):
        return {"can_edit": can_edit_minutes(self.request.user)}


meeting_list = MeetingList.as_view()


@require_GET
def meeting_detail(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    items = meeting_items(meeting, request.user)
    # The items' panels ask the user's role on each item's contract: read them at once.
    remember_memberships_of(request.user, {item.contract_id for item in items})
    return render(
        request,
        "minutes/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "can_edit": can_edit_minutes(request.user),
            "today": timezone.localdate(),
        },
    )


@require_GET
def meeting_minutes(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    return render(
        request,
        "minutes/meeting_minutes.html",
        {"meeting": meeting, "items": meeting_items(meeting, request.user)},
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    _require_clerk(request)
    form = MeetingForm(_posted(request))
    if form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        messages.success(request, "Meeting recorded.")
        return redirect(meeting)
    return render(request, "minutes/meeting_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting_id):
    _require_clerk(request)
    meeting = _meeting(request, meeting_id)
    if locked := _locked(request, meeting):
        return locked
    form = MeetingForm(_posted(request), instance=meeting)
    if form_saved(form, lambda data: services.meeting_save(meeting=form.save(commit=False))):
        messages.success(request, "Meeting details saved.")
        return redirect(meeting)
    return render(request, "minutes/meeting_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def minutes_confirm(request, meeting_id):
    _require_clerk(request)
    meeting = _meeting(request, meeting_id)
    if locked := _locked(request, meeting):
        return locked
    form = ConfirmMinutesForm(_posted(request), meeting=meeting)
    if form_saved(form, lambda data: services.minutes_confirm(meeting=meeting, **data)):
        messages.success(request, "Minutes confirmed. They are now locked.")
        return redirect(meeting)
    return render(request, "minutes/confirm_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def item_create(request, meeting_id):
    _require_clerk(request)
    meeting = _meeting(request, meeting_id)
    return _item_form(request, meeting, AgendaItem(meeting=meeting), "Agenda item added.")


@require_http_methods(["GET", "POST"])
def item_edit(request, item_id):
    _require_clerk(request)
    item = _item(request, item_id)
    return _item_form(request, item.meeting, item, "Agenda item and minutes saved.")


def _item_form(request, meeting, item, done):
    if locked := _locked(request, meeting):
        return locked
    form = AgendaItemForm(_posted(request), instance=item)
    if form_saved(form, lambda data: services.item_save(item=form.save(commit=False))):
        messages.success(request, done)
        return redirect(form.instance)
    return render(
        request, "minutes/item_form.html", {"form": form, "meeting": meeting, "item": item}
    )


@require_http_methods(["GET", "POST"])
def resolution_create(request, item_id):
    _require_clerk(request)
    item = _item(request, item_id)
    return _resolution_form(request, item, None)


@require_http_methods(["GET", "POST"])
def resolution_edit(request, resolution_id):
    _require_clerk(request)
    resolution = get_object_or_404(Resolution, pk=resolution_id)
    item = _item(request, resolution.agenda_item_id)
    return _resolution_form(request, item, resolution)


def _resolution_form(request, item, resolution):
    if locked := _locked(request, item.meeting):
        return locked
    form = ResolutionForm(_posted(request), instance=resolution, agenda_item=item)

    def save(data):
        if resolution is None:
            services.resolution_add(agenda_item=item, **data)
        else:
            services.resolution_update(resolution=resolution, **data)

    if form_saved(form, save):
        messages.success(request, "Resolution saved.")
        return redirect(item)
    return render(
        request,
        "minutes/resolution_form.html",
        {"form": form, "item": item, "resolution": resolution},
    )


@require_POST
def resolution_move(request, resolution_id):
    _require_clerk(request)
    resolution = get_object_or_404(
        Resolution.objects.select_related("agenda_item"), pk=resolution_id
    )
    item = _item(request, resolution.agenda_item_id)
    try:
        services.resolution_move(resolution=resolution, direction=request.POST.get("direction"))
    except ValidationError as error:
        return _refused(request, error, item.meeting)
    messages.success(request, "Resolutions renumbered.")
    return redirect(item)


@require_http_methods(["GET", "POST"])
def action_create(request, item_id):
    _require_clerk(request)
    item = _item(request, item_id)
    return _action_form(request, item, Action(agenda_item=item))


@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    _require_clerk(request)
    action = get_object_or_404(Action, pk=action_id)
    item = _item(request, action.agenda_item_id)
    return _action_form(request, item, action)


def _action_form(request, item, action):
    form = ActionForm(_posted(request), instance=action, agenda_item=item)
    if form_saved(form, lambda data: services.action_save(action=form.save(commit=False))):
        messages.success(request, "Action saved.")
        return redirect(item)
    return render(
        request, "minutes/action_form.html", {"form": form, "item": item, "action": action}
    )


class ActionList(ObjectListView):
    filterset = ActionFilter
    table = ActionTable
    template_name = "minutes/action_list.html"
    title = "Actions"
    export_name = "actions"

    @cached_property
    def today(self):
        return timezone.localdate()

    def queryset(self, request):
        return Action.objects.visible_to(request.user).select_related(
            "agenda_item__meeting__board", "agenda_item__contract", "kpi"
        )

    def rows(self, queryset):
        return actions_in_order(queryset, self.today)

    def get_table(self, rows):
        return self.table(rows, today=self.today, can_edit=can_edit_minutes(self.request.user))


action_list = ActionList.as_view()


@require_GET
def search(request):
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "minutes/search.html",
        {"q": q, "form": form, "results": search_minutes(request.user, q)},
    )
