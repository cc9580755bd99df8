from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractMembership, ServiceArea
from core.periods import Month, working_days_after
from kpis.models import (
    KPI,
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    KPITarget,
    Mitigation,
    RecomputeRun,
)

pytestmark = pytest.mark.django_db

JULY_TO_SEPTEMBER_2018 = (date(2018, 7, 1), date(2018, 9, 1))


def snapshot():
    User = get_user_model()
    return (
        list(Contract.objects.values()),
        list(ServiceArea.objects.values()),
        list(ContractMembership.objects.values()),
        list(User.objects.values("username", "password", "is_superuser")),
        list(KPI.objects.values()),
        list(KPITarget.objects.values()),
        list(KPIFigure.objects.values()),
        list(Mitigation.objects.values()),
        list(KPIMonthStatus.objects.values()),
        list(ContractPeriodSummary.objects.values()),
        RecomputeRun.objects.count(),
        [model.history.count() for model in (KPI, KPITarget, KPIFigure, Mitigation)],
    )


def status_of(code, year, month):
    return KPIMonthStatus.objects.get(kpi__code=code, period=date(year, month, 1))


def test_seed_demo_loads_the_cssc_contract_and_one_user_per_role(demo):
    contract = demo["contract"]
    assert contract.title == "Corporate Support Services Contract"
    assert contract.supplier.name.startswith("Serco")
    assert contract.auto_close_months is False
    assert contract.closed_month.label == "September 2018"
    assert set(contract.service_areas.values_list("name", flat=True)) == {
        "IMT",
        "Finance (Agresso)",
        "Payroll and HR Administration",
        "Customer Service Centre",
        "Adult Care Finance",
    }
    roles = dict(contract.memberships.values_list("user__username", "role"))
    assert roles == {
        "officer": "officer",
        "manager": "contract_manager",
        "manager2": "contract_manager",  # separation of duties needs a second manager
        "board": "board_member",
    }
    assert demo["contract"].separate_duties
    User = get_user_model()
    assert User.objects.get(username="clerk").groups.filter(name="Clerks").exists()
    assert User.objects.get(username="admin").check_password("oversight-demo-2018")


def test_running_seed_demo_twice_changes_nothing(demo):
    before = snapshot()
    assert before[4] and before[6] and before[8]  # KPIs, figures and statuses exist
    call_command("seed_demo", force=True, verbosity=0)
    assert snapshot() == before


def test_the_demo_has_about_forty_kpis_of_every_kind_in_every_service_area(demo):
    kpis = KPI.objects.filter(contract=demo["contract"])
    assert 38 <= kpis.count() <= 45
    for area in demo["contract"].service_areas.all():
        assert kpis.filter(service_area=area).count() >= 6, area.name
    assert set(kpis.values_list("unit", flat=True)) == {
        "percent",
        "number",
        "days",
        "hours",
        "currency",
        "yes_no",
    }
    assert kpis.filter(frequency="quarterly").count() >= 2
    assert kpis.filter(polarity="lower").count() >= 3
    assert kpis.filter(contractual=False).count() >= 2
    assert kpis.get(code="IMT_KPI_08").name == "Business continuity plan tested"


def test_abandoned_calls_peaked_in_may_2017_and_were_green_by_december(demo):
    kpi = KPI.objects.get(code="CSC_KPI_04")
    assert (kpi.unit, kpi.polarity) == ("percent", "lower")
    may = status_of("CSC_KPI_04", 2017, 5)
    assert (may.value, may.status) == (Decimal("17.53"), "red")
    assert status_of("CSC_KPI_04", 2017, 6).persistent_failure is True
    december = status_of("CSC_KPI_04", 2017, 12)
    assert (december.value, december.status) == (Decimal("2.79"), "green")


def test_2017_had_ambers_and_reds_with_the_officers_commentary(demo):
    in_2017 = KPIMonthStatus.objects.filter(period__year=2017)
    assert in_2017.filter(status="amber").count() >= 10
    assert in_2017.filter(status="red").count() >= 10
    failures = KPIMonthStatus.objects.filter(underlying_status__in=["amber", "red"])
    commentaries = [s.figure.commentary for s in failures.select_related("figure")]
    assert all(commentaries)
    assert any("£" in text and "–" in text for text in commentaries)


def test_every_measured_kpi_is_green_from_july_to_september_2018(demo):
    latest = KPIMonthStatus.objects.filter(period__range=JULY_TO_SEPTEMBER_2018)
    assert set(latest.values_list("status", flat=True)) == {"green", "mitigated", "no_target"}
    mitigated = latest.filter(status="mitigated")
    assert set(mitigated.values_list("kpi__code", flat=True)) == {"ACF_KPI_03", "ACF_KPI_04"}
    assert mitigated.count() == 6
    summaries = ContractPeriodSummary.objects.filter(period__range=JULY_TO_SEPTEMBER_2018)
    assert [(s.achieved_percent, s.mitigated) for s in summaries] == [(Decimal("100.0"), 2)] * 3


def test_two_adult_care_finance_kpis_are_in_mitigation_until_agresso_and_mosaic_integrate(
    demo,
):
    assert KPITarget.objects.get(kpi__code="ACF_KPI_03").target == Decimal("75")
    mitigations = Mitigation.objects.order_by("kpi__code")
    assert [m.kpi.code for m in mitigations] == ["ACF_KPI_03", "ACF_KPI_04"]
    for mitigation in mitigations:
        assert mitigation.agreed_by == "Partnership Board"
        assert "Agresso" in mitigation.reason and "Mosaic" in mitigation.reason
        assert (mitigation.start, mitigation.end) == (date(2018, 4, 1), None)
    september = status_of("ACF_KPI_03", 2018, 9)
    assert september.label == "In mitigation — amber"
    assert status_of("ACF_KPI_04", 2018, 8).label == "In mitigation — missing"


def test_a_target_raised_from_april_2018_judges_each_month_by_its_own_version(demo):
    versions = KPITarget.objects.filter(kpi__code="CSC_KPI_01").order_by("effective_from")
    assert [(v.effective_from, v.target) for v in versions] == [
        (date(2017, 4, 1), Decimal("80")),
        (date(2018, 4, 1), Decimal("85")),
    ]
    assert status_of("CSC_KPI_01", 2018, 3).target == Decimal("80")
    april = status_of("CSC_KPI_01", 2018, 4)
    assert (april.target, april.status) == (Decimal("85"), "amber")


def test_quarterly_kpis_report_only_in_the_last_month_of_each_quarter(demo):
    months = KPIFigure.objects.filter(kpi__frequency="quarterly").values_list("period", flat=True)
    assert {m.month for m in months} == {3, 6, 9, 12}


def test_figures_are_entered_by_the_officer_and_approved_by_the_manager_with_history(demo):
    figures = KPIFigure.objects.select_related("entered_by", "approved_by")
    assert 600 <= figures.count() <= 800
    assert not figures.filter(period__gte=date(2018, 10, 1)).exists()
    history = defaultdict(list)
    rows = KPIFigure.history.order_by("history_date", "history_id").select_related("history_user")
    for row in rows:
        day = timezone.localtime(row.history_date).date()
        history[row.id].append((row.history_user.username, row.state, day))
    for figure in figures:
        assert figure.state == "approved"
        assert (figure.entered_by.username, figure.approved_by.username) == ("officer", "manager")
        month_end = Month.from_date(figure.period).last_day
        approved_on = working_days_after(month_end, 8)
        assert timezone.localtime(figure.approved_at).date() == approved_on
        assert history[figure.pk] == [
            ("officer", "submitted", working_days_after(month_end, 5)),
            ("manager", "approved", approved_on),
        ]
        low, high = figure.kpi.allowed_range()
        assert (low is None or figure.value >= low) and (high is None or figure.value <= high)


def test_in_the_demo_a_figure_one_manager_enters_is_approved_by_the_other(demo, client):
    kpi = KPI.objects.get(contract=demo["contract"], code="CSC_KPI_04")
    User = get_user_model()
    with time_machine.travel(datetime(2018, 10, 15, 12, tzinfo=UTC), tick=False):
        client.force_login(User.objects.get(username="manager"))
        entry = {f"kpi-{kpi.pk}-value": "4.1", "action": "submit"}
        client.post(reverse("kpis:return", args=["CSSC", "2018-10"]), entry)
        figure = KPIFigure.objects.get(kpi=kpi, period=date(2018, 10, 1))
        approve = reverse("kpis:figure_approve", args=["CSSC", figure.pk])
        assert "separation of duties" in client.get(reverse("kpis:review", args=["CSSC"])).text

        client.force_login(User.objects.get(username="manager2"))
        assert approve in client.get(reverse("kpis:review", args=["CSSC"])).text
        client.post(approve)
    figure.refresh_from_db()
    assert (figure.state, figure.approved_by.username) == ("approved", "manager2")
