"""The demo contract's IMT projects (described in `imt_catalogue`).

Only what is missing is created, through the same services people use, so running it
again changes nothing and writes no new history. The services stamp a revision or an
update with the moment it is recorded; the demo replays 2018, so it then dates each one
to when the council recorded it (a queryset update: no new history row).
"""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model

from contracts.models import Contract
from imt_projects import services
from imt_projects.models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate

from .dating import LONDON
from .imt_catalogue import (
    BENEFITS,
    DESCRIPTIONS,
    OPENTEXT_UPDATES,
    OTHERS,
    REVISIONS,
    TOP_20,
    UPDATE_MONTHS,
)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=LONDON)


def seed_imt(contract: Contract) -> None:
    manager = get_user_model().objects.get(username="manager")
    for priority, spec in enumerate(TOP_20, start=1):
        _seed_project(contract, manager, spec, priority)
    for spec in OTHERS:
        _seed_project(contract, manager, spec, None)


def _seed_project(contract, manager, spec, priority) -> None:
    number, title, sponsor, baseline, stage, rag, rag_reason, third_party = spec
    project = IMTProject.objects.filter(number=number).first()
    if project is None:
        project = services.project_save(
            project=IMTProject(
                number=number,
                title=title,
                description=DESCRIPTIONS.get(number, ""),
                contract=contract,
                sponsor=sponsor,
                priority=priority,
                baseline_go_live=baseline,
                third_party_dependency=third_party,
            ),
            user=manager,
        )
    _seed_revisions(project, manager)
    updates = (
        OPENTEXT_UPDATES
        if number == 277
        else [
            (month, stage, rag, rag_reason, f"{stage.label} on plan for {month.label}.")
            for month in UPDATE_MONTHS
        ]
    )
    _seed_updates(project, manager, updates)
    _seed_benefits(project, manager)


def _seed_revisions(project, manager) -> None:
    recorded = set(project.revisions.values_list("new_date", flat=True))
    for new_date, reason, reported_to, recorded_on in REVISIONS.get(project.number, []):
        if new_date in recorded:
            continue
        revision = services.project_revise_go_live(
            project=project,
            new_date=new_date,
            reason=reason,
            reported_to=reported_to,
            user=manager,
        )
        GoLiveRevision.objects.filter(pk=revision.pk).update(recorded_at=_at(recorded_on))


def _seed_updates(project, manager, updates) -> None:
    recorded = set(project.updates.values_list("month", flat=True))
    for month, stage, rag, rag_reason, narrative in updates:
        if month.first_day in recorded:
            continue
        update = services.project_record_update(
            project=project,
            month=month,
            stage=stage,
            rag=rag,
            rag_reason=rag_reason,
            narrative=narrative,
            user=manager,
        )
        when = _at(month.next().first_day.replace(day=8))
        ProjectUpdate.objects.filter(pk=update.pk).update(recorded_at=when)


def _seed_benefits(project, manager) -> None:
    recorded = set(project.benefits.values_list("description", flat=True))
    for description, measure, baseline, target, realised, review, status in BENEFITS.get(
        project.number, []
    ):
        if description in recorded:
            continue
        services.benefit_save(
            benefit=Benefit(
                project=project,
                description=description,
                measure=measure,
                baseline=baseline,
                target=target,
                realised=realised,
                review_date=review,
                status=status,
            ),
            user=manager,
        )
