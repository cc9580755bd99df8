from django.db import models
from django.db.models import OuterRef, Q, Subquery

from contracts.querysets import visible_contract_pks


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A project with a contract: that contract's members, clerks and administrators.
        A project with no contract (council-wide work): every signed-in user."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(contract__in=visible_contract_pks(user)) | Q(contract__isnull=True))

    def with_latest_update(self, through=None):
        """Stage, RAG, its reason and month from the latest monthly update, in the same
        query: the update is the one source of truth, never copied onto the project.
        `through` (a date): the latest update for a month up to it, as a report on
        earlier months shows them."""
        # The related model, not an import: models.py imports this module.
        updates = self.model._meta.get_field("updates").related_model
        latest = updates.objects.filter(project=OuterRef("pk")).order_by(
            "-month", "-recorded_at", "-pk"
        )
        if through is not None:
            latest = latest.filter(month__lte=through)
        return self.annotate(
            latest_stage=Subquery(latest.values("stage")[:1]),
            latest_rag=Subquery(latest.values("rag")[:1]),
            latest_rag_reason=Subquery(latest.values("rag_reason")[:1]),
            latest_update_month=Subquery(latest.values("month")[:1]),
        )

    def top_priorities(self):
        return self.filter(priority__isnull=False).order_by("priority")

    def others(self):
        return self.filter(priority__isnull=True).order_by("number")

    def portfolio_order(self):
        return self.order_by(models.F("priority").asc(nulls_last=True), "number")


class RevisionQuerySet(models.QuerySet):
    def recorded_between(self, first_day, last_day):
        return self.filter(recorded_at__date__gte=first_day, recorded_at__date__lte=last_day)


class BenefitQuerySet(models.QuerySet):
    def visible_to(self, user):
        projects = self.model._meta.get_field("project").related_model
        return self.filter(project__in=projects.objects.visible_to(user).values("pk"))
