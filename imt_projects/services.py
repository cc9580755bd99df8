"""Writes to IMT projects. The target go-live date moves only through a revision with a
reason; stage and RAG only through a monthly update."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.concurrency import expect_version
from core.periods import Month

from .choices import RAG
from .models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate


def project_save(*, project: IMTProject, user) -> IMTProject:
    """Create or update a project's details. A new project's target starts at its
    baseline; an existing project's target is kept unless a revision moves it."""
    with transaction.atomic():
        if project.pk is None:
            project.target_go_live = project.baseline_go_live
        else:
            stored = IMTProject.objects.select_for_update().get(pk=project.pk)
            if project.target_go_live != stored.target_go_live:
                raise ValidationError(
                    {"target_go_live": "Record a go-live revision, with its reason, to move it."}
                )
        project._history_user = user
        project.full_clean()
        project.save()
    return project


def project_revise_go_live(
    *,
    project: IMTProject,
    new_date: date,
    reason: str,
    user,
    reported_to: str = "",
    version: int | None = None,
) -> GoLiveRevision:
    """Move the target go-live date, with the reason. `version`: the project's version
    the person saw, when they used a form."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason the go-live date moved."})
    with transaction.atomic():
        # Serialise revisions of one project, so each starts from the date before it.
        project = IMTProject.objects.select_for_update().get(pk=project.pk)
        expect_version(project, version)
        if new_date == project.target_go_live:
            raise ValidationError({"new_date": "This is already the target go-live date."})
        revision = GoLiveRevision(
            project=project,
            previous_date=project.target_go_live,
            new_date=new_date,
            reason=reason,
            reported_to=reported_to.strip(),
            recorded_by=user,
        )
        revision._history_user = user
        revision.save()
        project.target_go_live = new_date
        project._history_user = user
        project._change_reason = f"Go-live revised: {reason}"
        project.save(update_fields=["target_go_live"])
    return revision


def _previous_rag(project: IMTProject, month: Month) -> str | None:
    earlier = project.updates.filter(month__lt=month.first_day).order_by("-month").first()
    return earlier.rag if earlier else None


def project_record_update(
    *,
    project: IMTProject,
    month: Month,
    stage: str,
    rag: str,
    narrative: str,
    user,
    rag_reason: str = "",
) -> ProjectUpdate:
    """The monthly update: the only way a project's stage and RAG change. A RAG that
    differs from the month before (or a first RAG other than green) needs its reason."""
    rag_reason = (rag_reason or "").strip()
    with transaction.atomic():
        IMTProject.objects.select_for_update().filter(pk=project.pk).order_by().first()
        previous = _previous_rag(project, month)
        changed = rag != previous if previous else rag != RAG.GREEN
        if changed and not rag_reason:
            raise ValidationError({"rag_reason": "Give the reason for the RAG."})
        if project.updates.filter(month=month.first_day).exists():
            raise ValidationError({"month": f"There is already an update for {month.label}."})
        update = ProjectUpdate(
            project=project,
            month=month.first_day,
            stage=stage,
            rag=rag,
            rag_reason=rag_reason,
            narrative=narrative.strip(),
            recorded_by=user,
        )
        update._history_user = user
        update.full_clean(exclude=["project", "recorded_by"])
        try:
            update.save()
        except IntegrityError:
            raise ValidationError(
                {"month": f"There is already an update for {month.label}."}
            ) from None
    return update


def benefit_save(*, benefit: Benefit, user) -> Benefit:
    with transaction.atomic():
        benefit._history_user = user
        benefit.full_clean()
        benefit.save()
    return benefit
