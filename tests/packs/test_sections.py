import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from contracts.choices import Role
from core.periods import Month
from imt_projects.services import project_revise_go_live
from kpis.recompute import recompute_statuses
from minutes.choices import ActionStatus
from packs.choices import SectionKind
from packs.content import Numbering
from packs.sections import report_content
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    IMTProjectFactory,
    MeetingFactory,
    MembershipFactory,
    ProjectUpdateFactory,
    UserFactory,
)

from .reporting import build_contract, item_about, report_on

pytestmark = pytest.mark.django_db


def section(content, kind):
    return next(s for s in content.sections if s.kind == kind)


def rendered(content) -> str:
    return render_to_string("packs/_report.html", {"content": content})


def dashboard_csv(client, contract, start, end) -> list[list[str]]:
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    url = reverse("contract_dashboard", args=[contract.reference])
    response = client.get(url, {"range": "custom", "from": start, "to": end, "export": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_table_1_shows_the_dashboards_cells_for_the_same_months(client):
    contract = build_contract()
    report = report_on(item_about(contract), sections=[SectionKind.PERFORMANCE])

    performance = section(report_content(report, Numbering()), SectionKind.PERFORMANCE)

    header, *exported = dashboard_csv(client, contract, "2018-04", "2018-09")
    table = [
        [row["kpi"].name, *(cell["text"] for cell in row["cells"])]
        for row in performance.context["rows"]
    ]
    assert table == [[row[2], *row[3:]] for row in exported]
    assert header[3:] == [m.short_label for m in performance.context["months"]]
    assert any("In mitigation" in cell for row in table for cell in row)
    assert performance.labels == ["Table 1"]
    html = rendered(report_content(report, Numbering()))
    assert "Table 1 — KPI Summary Performance, April 2018 to September 2018" in html
    assert "<thead" in html and 'scope="col"' in html


def test_exceptions_give_each_agreed_mitigation_with_who_agreed_it_and_when():
    contract = build_contract()
    report = report_on(item_about(contract), sections=[SectionKind.EXCEPTIONS])

    content = report_content(report, Numbering())

    exceptions = section(content, SectionKind.EXCEPTIONS)
    assert exceptions.labels == ["Table 1", "Table 2"]
    assert {row["kpi"].code for row in exceptions.context["rows"]} >= {"K_3"}
    assert all(row["status"].status != "green" for row in exceptions.context["rows"])
    html = rendered(content)
    assert "Table 2 — Agreed mitigations" in html
    assert "Agresso and Mosaic are not yet integrated." in html
    assert "Partnership Board" in html and "26 April 2018" in html
    mitigation = next(f for f in content.facts if f.kind == "mitigation")
    assert mitigation.key == "mitigation:CSSC:K_3:2018-04"
    assert "Agreed by Partnership Board on 26 April 2018" in mitigation.value


def test_tables_and_appendices_are_numbered_across_the_reports_of_a_pack():
    contract = build_contract()
    meeting = MeetingFactory(date=date(2018, 10, 25))
    kinds = [SectionKind.PERFORMANCE, SectionKind.IMT_APPENDIX]
    first = report_on(item_about(contract, meeting=meeting, number=4), sections=kinds)
    second = report_on(
        item_about(contract, meeting=meeting, number=5),
        sections=[SectionKind.TREND, SectionKind.IMT_APPENDIX],
    )
    numbering = Numbering()

    labels = [
        label
        for report in (first, second)
        for s in report_content(report, numbering).sections
        for label in s.labels
    ]

    assert labels == ["Table 1", "Appendix A", "Table 2", "Table 3", "Appendix B"]
    html = rendered(report_content(second, Numbering()))
    assert "Appendix A — Top 20 priority IMT projects" in html


def test_facts_are_the_same_when_the_report_is_built_twice_and_follow_a_correction():
    contract = build_contract()
    project = IMTProjectFactory(contract=contract, number=277, priority=1)
    ProjectUpdateFactory(project=project, month=date(2018, 9, 1), stage="test", rag="amber")
    report = report_on(item_about(contract), sections=list(SectionKind))

    content = report_content(report, Numbering())
    before, again = content.facts, report_content(report, Numbering()).facts

    assert before == again
    keys = {f.key for f in before}
    assert {"figure:CSSC:K_0:2018-09", "status:CSSC:K_0:2018-09", "project:277:go_live"} <= keys
    html = rendered(content)
    for kind in SectionKind:
        assert f">{section(content, kind).heading}</h3>" in html
    figure = contract.kpis.get(code="K_0").figures.get(period=date(2018, 9, 1))
    figure.value = Decimal("12")
    figure.save()
    recompute_statuses(contract=contract)
    after = {f.key: f.value for f in report_content(report, Numbering()).facts}
    assert after["figure:CSSC:K_0:2018-09"] == "12.00%"
    assert after["status:CSSC:K_0:2018-09"] == "Red"


def test_appendix_a_lists_every_go_live_revision_with_its_reason():
    contract = build_contract(kpis=1)
    manager = UserFactory()
    project = IMTProjectFactory(
        contract=contract,
        number=277,
        title="OpenText Migration",
        priority=3,
        baseline_go_live=date(2018, 7, 30),
        third_party_dependency="Subject to third-party availability",
    )
    for new_date, reason in (
        (date(2018, 10, 1), "Data extraction took longer than planned."),
        (date(2019, 1, 21), "An additional testing phase was added to the plan."),
    ):
        project_revise_go_live(project=project, new_date=new_date, reason=reason, user=manager)
    ProjectUpdateFactory(project=project, month=date(2018, 9, 1), stage="test", rag="amber")
    # A later update is not what the report on April–September shows.
    ProjectUpdateFactory(project=project, month=date(2018, 10, 1), stage="go_live", rag="green")
    IMTProjectFactory(contract=contract, number=300, priority=None)  # not a top-20 project
    report = report_on(item_about(contract), sections=[SectionKind.IMT_APPENDIX])

    content = report_content(report, Numbering())

    html = rendered(content)
    assert "277 OpenText Migration" in html and "300 " not in html
    assert "Data extraction took longer than planned." in html
    assert "1 October 2018 to 21 January 2019: An additional testing phase" in html
    assert "Subject to third-party availability" in html
    facts = {f.key: f.value for f in content.facts}
    assert facts["project:277:go_live"] == "21 January 2019"
    assert facts["project:277:stage"] == "Test"
    assert facts["project:277:rag"] == "Amber"


def test_the_six_monthly_overview_compares_the_half_year_with_the_one_before():
    contract = build_contract(months=12)
    report = report_on(
        item_about(contract),
        kind="six_monthly",
        sections=[SectionKind.OVERVIEW],
        start=Month(2018, 4),
    )

    overview = section(report_content(report, Numbering()), SectionKind.OVERVIEW)

    comparison = overview.context["comparison"]
    assert comparison.this_half.label == "April 2018 to September 2018"
    assert comparison.previous_half.label == "October 2017 to March 2018"
    assert [row["kpi"].code for row in comparison.kpis] == ["K_0", "K_2", "K_1", "K_3"]
    assert all(sum(row["this"]) == 6 for row in comparison.kpis)
    assert {area["name"] for area in comparison.areas} == {"Area 1", "Area 2"}
    assert overview.labels == ["Table 1", "Table 2", "Table 3"]


def test_actions_outstanding_are_the_open_ones_from_the_boards_earlier_meetings():
    contract = build_contract(kpis=1)
    item = item_about(contract)
    earlier = AgendaItemFactory(
        meeting=MeetingFactory(board=item.meeting.board, date=date(2018, 7, 19)),
        contract=contract,
    )
    ActionFactory(agenda_item=earlier, description="Chase the supplier.")
    ActionFactory(agenda_item=earlier, description="Done already.", status=ActionStatus.DONE)
    ActionFactory(
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(date=date(2018, 7, 1))),
        description="Another board's action.",
    )
    report = report_on(item, sections=[SectionKind.ACTIONS])

    actions = section(report_content(report, Numbering()), SectionKind.ACTIONS)

    assert [row["action"].description for row in actions.context["actions"]] == [
        "Chase the supplier."
    ]


def test_an_item_about_no_contract_has_no_kpi_sections():
    item = AgendaItemFactory(contract=None)
    report = report_on(item, sections=[SectionKind.PERFORMANCE, SectionKind.ACTIONS])

    content = report_content(report, Numbering())

    assert [s.kind for s in content.sections] == [SectionKind.ACTIONS]


def test_the_demo_report_is_the_quarterly_report_the_board_read(demo):
    from minutes.models import AgendaItem

    item = AgendaItem.objects.get(meeting__date=date(2018, 10, 25), number=5)
    content = report_content(item.report, Numbering())

    assert item.report.author.username == "manager"
    assert [s.heading for s in content.sections[:4]] == [
        "Background",
        "Council Housekeeping",
        "Payroll and HR Administration Further Improvements",
        "Possible Approach to Future Overview and Scrutiny",
    ]
    html = rendered(content)
    assert "Table 1 — KPI Summary Performance, April 2018 to September 2018" in html
    mitigated = {f.ref["kpi"] for f in content.facts if f.kind == "mitigation"}
    assert mitigated == {"ACF_KPI_03", "ACF_KPI_04"}
    assert "Agresso and Mosaic are not yet integrated" in html
    facts = {f.key: f.value for f in content.facts}
    assert facts["project:277:go_live"] == "21 January 2019"
    assert "An additional testing phase was added to the plan." in facts["project:277:revisions"]
    assert facts["project:277:third_party"] == "Subject to third-party availability"


def test_the_sections_print_with_weasyprint_tables_charts_and_all():
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    contract = build_contract(kpis=2, months=6)
    IMTProjectFactory(contract=contract, number=277, title="OpenText Migration", priority=1)
    kinds = [SectionKind.EXCEPTIONS, SectionKind.TREND, SectionKind.IMT_APPENDIX]
    report = report_on(item_about(contract), sections=kinds)
    body = rendered(report_content(report, Numbering()))

    pdf = HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf()

    pages = PdfReader(BytesIO(pdf)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)  # lines unwrapped
    assert "Table 1 — Exceptions" in text and "Table 2 — Agreed mitigations" in text
    assert "Table 3 — % achieved by month" in text
    assert "Appendix A — Top 20 priority IMT projects" in text and "OpenText Migration" in text
    assert "In mitigation" in text  # the status word, not the colour alone
