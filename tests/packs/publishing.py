"""A small meeting to publish: one item about a contract with one KPI over a quarter,
whose report shows Table 1, and a board with one member."""

from datetime import date, time
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from contracts.choices import Role
from core.periods import Month
from kpis.recompute import recompute_statuses
from packs.choices import SectionKind
from packs.models import Report
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
)

REPORT_TITLE = "Quarterly performance report, July to September 2018"


@pytest.fixture
def meeting(contract, manager):
    member = UserFactory(username="councillor", first_name="Beatrice", last_name="Lund")
    meeting = MeetingFactory(
        board=BoardFactory(name="Overview and Scrutiny Management Board", members=[member]),
        date=date(2018, 10, 25),
        start_time=time(10),
    )
    kpi = KPIFactory(contract=contract, service_area=contract.service_areas.first(), code="K_1")
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    for month in (7, 8, 9):
        KPIFigureFactory(
            kpi=kpi, period=date(2018, month, 1), value=Decimal(96), entered_by=manager
        )
    recompute_statuses(contract=contract)
    item = AgendaItemFactory(meeting=meeting, number=5, contract=contract, title="Performance")
    Report.objects.create(
        agenda_item=item,
        kind="quarterly",
        title=REPORT_TITLE,
        officer="Chief Commercial Officer",
        author=manager,
        sections=[SectionKind.PERFORMANCE.value],
        range_start=Month(2018, 7).first_day,
        range_end=Month(2018, 9).first_day,
    )
    return meeting


@pytest.fixture
def second_manager(contract):
    user = UserFactory(username="manager2", first_name="Marcus", last_name="Hale")
    MembershipFactory(user=user, contract=contract, role=Role.CONTRACT_MANAGER)
    return user


def stored_bytes(field_file) -> bytes:
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]
