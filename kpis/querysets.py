from django.db import models

from contracts.models import Contract
from core.periods import Month

from .choices import FigureState, Frequency


class KPIQuerySet(models.QuerySet):
    def for_contract(self, contract):
        return self.filter(contract=contract)

    def visible_to(self, user):
        return self.filter(contract__in=Contract.objects.visible_to(user))

    def live_in(self, month: Month):
        return self.filter(live_from__lte=month.first_day).exclude(
            retired_from__lte=month.first_day
        )

    def due_in(self, month: Month):
        live = self.live_in(month)
        if month.is_quarter_end:
            return live
        return live.filter(frequency=Frequency.MONTHLY)

    def with_code(self, code: str):
        return self.filter(code=code.strip().upper())


class PeriodQuerySet(models.QuerySet):
    """Chainable filters shared by the per-month rows."""

    def for_contract(self, contract):
        return self.filter(kpi__contract=contract)

    def in_month(self, month: Month):
        return self.filter(period=month.first_day)


class FigureQuerySet(PeriodQuerySet):
    def approved(self):
        return self.filter(state=FigureState.APPROVED)

    def submitted(self):
        return self.filter(state=FigureState.SUBMITTED)


class MonthStatusQuerySet(PeriodQuerySet):
    def for_contract(self, contract):
        return self.filter(contract=contract)


class MitigationQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        """Mitigations sharing at least one month with start..end (end None: open)."""
        qs = self.filter(models.Q(end__isnull=True) | models.Q(end__gte=start))
        return qs if end is None else qs.filter(start__lte=end)
