"""The agenda pack benchmark: building the PDF of a meeting's pack whose one item carries
a quarterly performance report on a 40-KPI contract over 12 months, with the top 20
priority IMT projects as its appendix, through `packs.build.build_pack` (layout, the
PDF/UA tags and the HTML page included).

The contract, its board and projects are built for the run and removed afterwards, so
the recompute benchmark's data stays as `data.generated` expects.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import override_settings

from contracts.models import Contract, Supplier
from imt_projects.models import GoLiveRevision, IMTProject, ProjectUpdate
from kpis.recompute import recompute_statuses
from minutes.models import AgendaItem, Board, Meeting
from packs.build import build_pack
from packs.choices import ReportKind, SectionKind
from packs.models import Report

from . import data
from .report import Contender, Measure, Section, side_by_side

REFERENCE = f"{data.REFERENCE_PREFIX}-PACKS"
USERNAME = "bench-report-author"
BOARD = "Benchmark Scrutiny Board"
KPIS, MONTHS, PROJECTS = 40, 12, 20
FIRST_PROJECT = 9000
RANGE_END = data.CLOSED_THROUGH
RANGE_START = RANGE_END.add(1 - MONTHS)
SECTIONS = [
    SectionKind.PERFORMANCE,
    SectionKind.EXCEPTIONS,
    SectionKind.TREND,
    SectionKind.IMT_APPENDIX,
]
DESCRIPTION = """
`pack_pdf`: the public agenda pack of a meeting whose item carries a quarterly
performance report on a contract of {kpis} KPIs over {months} months ({start} to {end}:
headline, Table 1, exceptions, trend charts) with Appendix A, the top {projects} priority
IMT projects, each with two go-live revisions. Built by `packs.build.build_pack`: the
report's sections, WeasyPrint's layout (one pass: the agenda's page numbers are resolved
as it paginates), the tagged PDF (PDF/UA-1) and the HTML page. Median of {runs} builds
after one untimed build; `pack_pages` is the pack's page count. The load average below
says how busy the machine was: other work running beside the benchmark slows it.
"""


def run(*, runs: int) -> Section:
    meeting = _build()
    try:
        pages = build_pack(meeting, exempt=False).page_count
        times = side_by_side(
            {"pack_pdf": Contender(run=lambda: build_pack(meeting, exempt=False))},
            runs=runs,
        )
    finally:
        _remove()
    description = DESCRIPTION.format(
        kpis=KPIS,
        months=MONTHS,
        start=RANGE_START.label,
        end=RANGE_END.label,
        projects=PROJECTS,
        runs=runs,
    )
    return Section(
        key="packs",
        title="Agenda pack PDF",
        description=description,
        measures=[
            Measure("pack_pdf", times["pack_pdf"], "s", "one pack built: PDF and HTML"),
            Measure("pack_pages", pages, "pages", "pages in that pack"),
        ],
    )


def _build() -> Meeting:
    _remove()
    supplier, _ = Supplier.objects.get_or_create(name=data.SUPPLIER)
    contract = data.contract_create(
        supplier=supplier,
        reference=REFERENCE,
        title="Agenda pack benchmark contract",
        kpis=KPIS,
        rng=random.Random(data.SEED),
        ahead=False,
    )
    recompute_statuses(contract=contract)
    author, _ = get_user_model().objects.get_or_create(username=USERNAME)
    _projects(contract, author)
    board = Board.objects.create(name=BOARD, kind="scrutiny")
    board.members.add(author)
    meeting = Meeting.objects.create(board=board, date=RANGE_END.first_day + timedelta(days=60))
    item = AgendaItem.objects.create(
        meeting=meeting, number=1, title="Quarterly performance", contract=contract
    )
    Report.objects.create(
        agenda_item=item,
        kind=ReportKind.QUARTERLY,
        title="Benchmark contract – Quarterly Performance",
        officer="Chief Commercial Officer",
        author=author,
        sections=[str(kind) for kind in SECTIONS],
        range_start=RANGE_START.first_day,
        range_end=RANGE_END.first_day,
    )
    return meeting


def _projects(contract, author) -> None:
    baseline = RANGE_END.first_day
    for n in range(PROJECTS):
        project = IMTProject.objects.create(
            number=FIRST_PROJECT + n,
            title=f"Benchmark project {n}",
            contract=contract,
            priority=n + 1,
            baseline_go_live=baseline,
            target_go_live=baseline + timedelta(days=60),
            third_party_dependency="Subject to third-party availability" if n % 3 == 0 else "",
        )
        for step in (1, 2):
            GoLiveRevision.objects.create(
                project=project,
                previous_date=baseline + timedelta(days=30 * (step - 1)),
                new_date=baseline + timedelta(days=30 * step),
                reason=f"Revision {step}: an extra testing phase was needed.",
                recorded_by=author,
            )
        ProjectUpdate.objects.create(
            project=project,
            month=RANGE_END.first_day,
            stage="build",
            rag=("green", "amber", "red")[n % 3],
            narrative="Progressing.",
            recorded_by=author,
        )


def _remove() -> None:
    # Tidying up, not an edit anyone made: leave no history rows behind. Projects and
    # KPIs first: they protect the contract and its service areas.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Meeting.objects.filter(board__name=BOARD).delete()
        Board.objects.filter(name=BOARD).delete()
        IMTProject.objects.filter(contract__reference=REFERENCE).delete()
        for contract in Contract.objects.filter(reference=REFERENCE):
            contract.kpis.all().delete()
            contract.delete()
        get_user_model().objects.filter(username=USERNAME).delete()
