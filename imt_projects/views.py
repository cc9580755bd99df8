"""The portfolio, a project's page, the benefit realisation review, and the forms with
which contract managers keep projects current. Board members read."""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from contracts.permissions import require
from core.forms import form_saved
from core.history import HistoryTable
from core.lists import ObjectListView

from . import charts, services
from .filters import BenefitFilter, ProjectFilter
from .forms import BenefitForm, RevisionForm, UpdateForm
from .history import project_history
from .models import Benefit, IMTProject
from .permissions import can_manage_project
from .tables import BenefitReviewTable, PortfolioTable, describe_days


def _project_or_404(user, number: int) -> IMTProject:
    projects = IMTProject.objects.visible_to(user).select_related("contract")
    return get_object_or_404(projects.with_latest_update(), number=number)


class Portfolio(ObjectListView):
    """The top priorities, then the others; a download has them all in that order."""

    filterset = ProjectFilter
    table = PortfolioTable
    template_name = "imt_projects/portfolio.html"
    title = "IMT projects"
    export_name = "imt-portfolio"

    def queryset(self, request):
        return IMTProject.objects.visible_to(request.user).with_latest_update()

    def tables(self, projects):
        top = self.table(projects.top_priorities(), prefix="top-")
        top.caption = "Top 20 priority projects"
        others = self.table(projects.others(), prefix="others-", exclude=("priority",))
        others.caption = "Other projects"
        return {
            "top": self.configure(top, per_page=None),
            "others": self.configure(others, per_page=self.per_page),
        }

    def export_table(self, projects):
        return self.table(projects.portfolio_order())


portfolio = Portfolio.as_view()


@require_GET
def project_detail(request, number):
    project = _project_or_404(request.user, number)
    revisions = list(project.revisions.select_related("recorded_by"))
    updates = project.updates.select_related("recorded_by")
    history = HistoryTable(project_history(project))
    RequestConfig(request, paginate={"per_page": 25}).configure(history)
    return render(
        request,
        "imt_projects/project_detail.html",
        {
            "project": project,
            "revisions": revisions,
            "revision_rows": [
                {"revision": r, "slippage": describe_days(r.slippage_days)} for r in revisions
            ],
            "slippage": describe_days(project.slippage_days),
            "timeline": charts.go_live_timeline(
                baseline=project.baseline_go_live, revisions=revisions
            ),
            "updates": updates,
            "benefits": project.benefits.all(),
            "history": history,
            "can_manage": can_manage_project(request.user, project),
        },
    )


def _managed_project(request, number) -> IMTProject:
    project = _project_or_404(request.user, number)
    require(can_manage_project(request.user, project))
    return project


def _project_form(request, project, form, save, *, done: str, heading: str, button: str):
    """Run a posted form through its service (`save`), then back to the project; or show
    the form page."""
    if request.method == "POST" and form_saved(form, save):
        messages.success(request, done)
        return redirect(project)
    return render(
        request,
        "imt_projects/form.html",
        {"project": project, "form": form, "heading": heading, "button": button},
    )


@require_http_methods(["GET", "POST"])
def revise_go_live(request, number):
    project = _managed_project(request, number)
    return _project_form(
        request,
        project,
        RevisionForm(request.POST or None, project=project),
        lambda data: services.project_revise_go_live(project=project, user=request.user, **data),
        done="Go-live date revised.",
        heading="Revise the go-live date",
        button="Record the revision",
    )


@require_http_methods(["GET", "POST"])
def record_update(request, number):
    project = _managed_project(request, number)
    return _project_form(
        request,
        project,
        UpdateForm(request.POST or None),
        lambda data: services.project_record_update(project=project, user=request.user, **data),
        done="Monthly update recorded.",
        heading="Record the monthly update",
        button="Record the update",
    )


@require_http_methods(["GET", "POST"])
def benefit_edit(request, number, benefit_id=None):
    project = _managed_project(request, number)
    benefit = (
        get_object_or_404(project.benefits, pk=benefit_id)
        if benefit_id
        else Benefit(project=project)
    )
    return _project_form(
        request,
        project,
        BenefitForm(request.POST or None, instance=benefit),
        lambda data: services.benefit_save(benefit=benefit, user=request.user),
        done="Benefit saved.",
        heading="Change a benefit" if benefit_id else "Add a benefit",
        button="Save the benefit",
    )


class BenefitReview(ObjectListView):
    filterset = BenefitFilter
    table = BenefitReviewTable
    template_name = "imt_projects/benefit_review.html"
    title = "Benefit realisation review"
    caption = "Benefits by project"
    export_name = "imt-benefits"

    def queryset(self, request):
        return (
            Benefit.objects.visible_to(request.user)
            .select_related("project")
            .order_by(F("project__priority").asc(nulls_last=True), "project__number", "review_date")
        )


benefit_review = BenefitReview.as_view()
