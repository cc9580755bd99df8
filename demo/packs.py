"""The report on item 5 of the Overview and Scrutiny Management Board meeting of 25
October 2018: the Chief Commercial Officer's quarterly performance report on the
Corporate Support Services Contract for July–September 2018, written by the contract
manager through the same services as the report page. Only what is missing is added, so
a second run changes nothing."""

from datetime import date

from django.contrib.auth import get_user_model

from core.periods import Month
from minutes.models import AgendaItem
from packs.choices import ReportKind, SectionKind
from packs.models import Report
from packs.services.reports import narrative_add, report_save

from .minutes import OSMB, QUARTERLY_REPORT

MEETING_DATE = date(2018, 10, 25)
ITEM_NUMBER = 5

RECOMMENDATIONS = "\n".join(
    [
        "That the Board considers the performance of the Corporate Support Services "
        "Contract from April to September 2018 and records any comments.",
        "That the Board notes the progress against the top 20 priority IMT projects.",
        "That the Board supports the proposed approach to future overview and scrutiny of "
        "the contract.",
    ]
)

NARRATIVE = [
    (
        "Background",
        "The Corporate Support Services Contract has been delivered for the council by "
        "Serco since 1 April 2015. It covers IMT, finance on the Agresso ERP, payroll and "
        "HR administration, the customer service centre and adult care finance.\n\n"
        "Performance is measured against contractual KPIs month by month and reviewed "
        "each month by the Partnership Board. This report gives the Board the KPI "
        "Summary Performance from April to September 2018, the exceptions, and progress "
        "on the top 20 priority IMT projects at Appendix A.",
    ),
    (
        "Council Housekeeping",
        "Two Adult Care Finance KPIs are in mitigation because the council's own "
        "systems, Agresso and Mosaic, are not yet integrated: care package changes and "
        "provider payments are re-keyed by hand from Mosaic extracts. The Partnership "
        "Board agreed the mitigation in April 2018, until the council's interface "
        "between the two systems is live. The agreed mitigation is set out with the "
        "exceptions below.",
    ),
    (
        "Payroll and HR Administration Further Improvements",
        "Every measured Payroll and HR Administration KPI was met from July to September "
        "2018. Further improvements agreed with the supplier include:\n"
        "- earlier checks of starters and leavers before each payroll run;\n"
        "- a single queue for HR administration requests, with the time to close each "
        "request reported monthly.",
    ),
    (
        "Possible Approach to Future Overview and Scrutiny",
        "It is proposed that the Board's scrutiny of the contract focuses on exceptions:\n"
        "- exception performance reported to the Board at each quarterly review, with "
        "the mitigation agreed for any KPI not met;\n"
        "- six-monthly overview reports on the contract as a whole.",
    ),
]

SECTIONS = [SectionKind.PERFORMANCE, SectionKind.EXCEPTIONS, SectionKind.IMT_APPENDIX]


def seed_report() -> Report:
    item = AgendaItem.objects.select_related("contract").get(
        meeting__board__name=OSMB, meeting__date=MEETING_DATE, number=ITEM_NUMBER
    )
    manager = get_user_model().objects.get(username="manager")
    report = Report.objects.filter(agenda_item=item).first()
    if report is None:
        report = report_save(
            report=Report(agenda_item=item, author=manager),
            user=manager,
            kind=ReportKind.QUARTERLY,
            title=QUARTERLY_REPORT["title"],
            officer=QUARTERLY_REPORT["report_by"],
            purpose=QUARTERLY_REPORT["purpose"],
            recommendations=RECOMMENDATIONS,
            sections=[s.value for s in SECTIONS],
            range_start=Month(2018, 4),
            range_end=Month(2018, 9),
        )
    written = set(report.narrative.values_list("heading", flat=True))
    for heading, text in NARRATIVE:
        if heading not in written:
            narrative_add(report=report, heading=heading, text=text, user=manager)
    return report
