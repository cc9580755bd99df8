"""Monthly returns: the months with their progress, and one month's return form."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from contracts.permissions import can_enter_figures, can_manage, get_contract_or_404, require
from core.periods import Month, month_range

from .. import services
from ..choices import FigureState
from ..forms import MonthChoiceForm
from ..models import KPIFigure
from ..rag import is_due
from ..return_form import MonthlyReturnForm, posted_kpi_ids
from ..selectors import (
    entry_areas,
    posted_outside,
    recent_uploads,
    return_kpis,
    with_return_data,
)
from ..tables import ReturnsTable

RECENT_CLOSED_MONTHS = 12


@require_GET
def return_list(request, reference):
    contract = get_contract_or_404(request.user, reference)
    month_form = MonthChoiceForm(request.GET if "month" in request.GET else None)
    if month_form.is_valid():
        return redirect("kpis:return", contract.reference, month_form.cleaned_data["month"])
    months = recent_months(contract.closed_month, Month.containing_today())
    table = ReturnsTable(_progress(contract, return_kpis(request.user, contract), months))
    RequestConfig(request, paginate={"per_page": 24}).configure(table)
    return render(
        request,
        "kpis/return_list.html",
        {"contract": contract, "table": table, "month_form": month_form},
    )


def recent_months(closed: Month | None, today: Month) -> list[Month]:
    """Newest first: the last year of closed months and the month after them, then last
    month and this one (the same run of months, unless closing has stopped)."""
    if closed is None:
        return month_range(today.add(-RECENT_CLOSED_MONTHS), today)[::-1]
    around_close = month_range(closed.add(1 - RECENT_CLOSED_MONTHS), closed.next())
    months = {m for m in [*around_close, today.previous(), today] if m <= today}
    return sorted(months, reverse=True)


def _progress(contract, kpis, months: list[Month]) -> list[dict]:
    """Per month: KPIs due and their figures by state, in two queries."""
    definitions = [
        (Month.from_date(live), Month.from_date(retired) if retired else None, frequency)
        for live, retired, frequency in kpis.values_list("live_from", "retired_from", "frequency")
    ]
    states = Counter()
    figures = (
        KPIFigure.objects.filter(kpi__in=kpis, period__gte=months[-1].first_day)
        .values_list("period", "state")
        .annotate(n=Count("id"))
    )
    for period, state, n in figures:
        states[period, state] += n
    rows = []
    for month in months:
        day = month.first_day
        submitted, approved = states[day, FigureState.SUBMITTED], states[day, FigureState.APPROVED]
        rows.append(
            {
                "month": month,
                "url": reverse("kpis:return", args=[contract.reference, month]),
                "closed": contract.is_closed(month),
                "due": sum(
                    is_due(month=month, live_from=live, retired_from=retired, frequency=frequency)
                    for live, retired, frequency in definitions
                ),
                "entered": states[day, FigureState.DRAFT] + submitted + approved,
                "submitted": submitted,
                "approved": approved,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def monthly_return(request, reference, period: Month):
    contract = get_contract_or_404(request.user, reference)
    editable = can_enter_figures(request.user, contract)
    kpis = return_kpis(request.user, contract)
    rows = kpis.due_in(period)
    data = None
    if request.method == "POST":
        require(editable)
        data = request.POST
        posted = posted_kpi_ids(data)
        # A field for a KPI outside the person's service areas is refused, not ignored.
        require(not posted_outside(request.user, contract, kpis, posted))
        # A posted KPI that is not due (its definition changed since the page was opened)
        # stays in the form, so the person sees why its value is refused.
        rows = rows | kpis.filter(pk__in=posted)
    elif period > Month.containing_today():
        return render(request, "kpis/return_future.html", {"contract": contract, "month": period})
    form = MonthlyReturnForm(
        data, month=period, kpis=with_return_data(rows, period), editable=editable
    )
    if data is not None and form.is_valid():
        submit = data.get("action") == "submit"
        try:
            saved = services.return_save(
                month=period, items=form.figure_inputs(), user=request.user, submit=submit
            )
        except services.CONCURRENT_CHANGES:
            form.show_concurrent_changes()
        except ValidationError as error:
            form.non_field_errors.extend(error.messages)
        else:
            messages.success(request, _saved_message(saved, submit))
            return redirect("kpis:return", contract.reference, period)
    return render(
        request,
        "kpis/return_form.html",
        {
            "contract": contract,
            "month": period,
            "form": form,
            "editable": editable,
            "can_manage": can_manage(request.user, contract),
            "closed": contract.is_closed(period),
            "areas": entry_areas(request.user, contract),
            "uploads": recent_uploads(contract, period),
        },
    )


def _saved_message(saved, submit: bool) -> str:
    if not saved:
        return "Nothing to save: no figure was changed."
    noun = "figure" if len(saved) == 1 else "figures"
    if submit:
        return f"{len(saved)} {noun} submitted for approval."
    return f"{len(saved)} {noun} saved as draft."
