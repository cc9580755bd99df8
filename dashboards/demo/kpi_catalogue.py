"""The demo contract's KPIs and what happened to them, April 2017 to September 2018.

The story the scrutiny board read in autumn 2018: a poor spring and summer 2017 in the
customer service centre (abandoned calls peaked at 17.53 % in May 2017 and were down to
2.79 % by December), a few ambers and reds elsewhere in 2017, every measured KPI green
from July to September 2018, and two Adult Care Finance KPIs in mitigation because the
council's own systems, Agresso and Mosaic, were not yet integrated.

Each KPI's ordinary months take a value from its `usual` range (on the green side of
every target version, picked by a random generator seeded with the code); the months
that made the story are listed in `months` with the value and the officer's commentary.
A month listed with value None has no figure at all.
"""

from dataclasses import dataclass, field
from datetime import date

from kpis.choices import Frequency, Polarity, Unit

FIRST_MONTH = "2017-04"
LAST_MONTH = "2018-09"

HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER
QUARTERLY = Frequency.QUARTERLY
PERCENT, NUMBER, DAYS, HOURS, CURRENCY, YES_NO = (
    Unit.PERCENT,
    Unit.NUMBER,
    Unit.DAYS,
    Unit.HOURS,
    Unit.CURRENCY,
    Unit.YES_NO,
)


@dataclass(frozen=True)
class DemoKPI:
    code: str
    area: str  # ServiceArea.code
    name: str
    targets: tuple  # ((effective_from "YYYY-MM", target, minimum), …); target None: none
    usual: tuple[str, str]  # range of an ordinary month's value
    unit: str = PERCENT
    polarity: str = HIGHER
    frequency: str = Frequency.MONTHLY
    contractual: bool = True
    decimal_places: int = 2
    live_from: str = FIRST_MONTH
    description: str = ""
    months: dict = field(default_factory=dict)  # "YYYY-MM" -> (value or None, commentary)


# ACF_KPI_03 and ACF_KPI_04 depend on an interface between Mosaic (social care) and
# Agresso (finance) that the council had not delivered; their failures are excused from
# April 2018.
MITIGATION_REASON = (
    "Agresso and Mosaic are not yet integrated: care package changes and provider "
    "payments are re-keyed by hand from Mosaic extracts, so the supplier cannot meet this "
    "KPI until the council's interface between the two systems is live. Relief agreed "
    "until the integration is delivered."
)
MITIGATED_KPIS = ("ACF_KPI_03", "ACF_KPI_04")
MITIGATION_START = "2018-04"
MITIGATION_AGREED_ON = date(2018, 4, 26)

_REKEYED = "Changes re-keyed by hand from Mosaic into Agresso; {extra}"
_RECONCILED = "Payment run checked by hand against a Mosaic extract; {extra}"


def _rekeyed(extra: str) -> str:
    return _REKEYED.format(extra=extra)


def _reconciled(extra: str) -> str:
    return _RECONCILED.format(extra=extra)


IMT = [
    DemoKPI(
        "IMT_KPI_01",
        "imt",
        "Service desk first-time fix rate",
        (("2017-04", "70", "65"),),
        ("71", "78"),
        months={
            "2017-05": (
                "66.80",
                "Four new service desk analysts in their first month; "
                "knowledge base articles for Agresso being rewritten.",
            ),
            "2017-06": (
                "68.90",
                "Improving as the new analysts gain experience; "
                "knowledge base rewrite 60 % complete.",
            ),
        },
    ),
    DemoKPI(
        "IMT_KPI_02",
        "imt",
        "P1 incidents resolved within 4 hours",
        (("2017-04", "95", "90"),),
        ("100", "100"),
        months={
            "2017-07": (
                "75.00",
                "Two of eight P1 incidents exceeded 4 hours after the "
                "storage array failure at Orchard House on 12 July; root cause "
                "analysis taken to the Partnership Board.",
            ),
            "2017-08": (
                "88.89",
                "One of nine P1 incidents (network outage at the Boston "
                "office) took 5 hours 20 minutes: the carrier's engineer was late.",
            ),
        },
    ),
    DemoKPI(
        "IMT_KPI_03",
        "imt",
        "P2 incidents resolved within 8 hours",
        (("2017-04", "95", "90"),),
        ("95.4", "98.9"),
        months={
            "2017-07": ("92.31", "P2 incidents queued behind the storage array recovery."),
        },
    ),
    DemoKPI(
        "IMT_KPI_04",
        "imt",
        "Availability of core systems (core hours)",
        (("2017-04", "99.5", "99.0"),),
        ("99.62", "99.98"),
        months={
            "2017-07": (
                "98.72",
                "Storage array failure on 12 July: core systems "
                "unavailable for 6 hours 40 minutes. Replacement controller "
                "fitted; firmware upgraded on the twin array.",
            ),
        },
    ),
    DemoKPI(
        "IMT_KPI_05",
        "imt",
        "Service desk calls answered within 60 seconds",
        (("2017-04", "85", "80"),),
        ("85.6", "92.8"),
    ),
    DemoKPI(
        "IMT_KPI_06",
        "imt",
        "Service requests fulfilled within agreed timescales",
        (("2017-04", "90", "85"),),
        ("90.4", "95.2"),
        months={
            "2017-09": (
                "87.20",
                "Backlog of 140 laptop requests after the Windows 10 "
                "roll-out; two extra engineers on site until the end of October.",
            ),
        },
    ),
    DemoKPI(
        "IMT_KPI_07",
        "imt",
        "Critical security patches applied within 14 days",
        (("2017-10", "95", "90"),),
        ("96", "100"),
        live_from="2017-10",
        description="Added from October 2017 after the WannaCry attacks on the NHS.",
    ),
    DemoKPI(
        "IMT_KPI_08",
        "imt",
        "Business continuity plan tested",
        (("2017-04", "1", None),),
        ("1", "1"),
        unit=YES_NO,
        frequency=QUARTERLY,
        decimal_places=0,
        months={
            "2017-09": (
                "0",
                "Test postponed – the data centre move took the standby "
                "site out of use in September; rescheduled for 17 October 2017.",
            ),
        },
    ),
    DemoKPI(
        "IMT_KPI_09",
        "imt",
        "Average time to resolve P3 incidents",
        (("2017-04", "16", "24"),),
        ("11.0", "15.5"),
        unit=HOURS,
        polarity=LOWER,
        decimal_places=1,
        months={
            "2017-08": (
                "19.4",
                "Engineers diverted to the storage array recovery and the Windows 10 roll-out.",
            ),
        },
    ),
    DemoKPI(
        "IMT_PI_01",
        "imt",
        "Open incidents at month end",
        (("2017-04", None, None),),
        ("180", "260"),
        unit=NUMBER,
        polarity=LOWER,
        contractual=False,
        decimal_places=0,
    ),
]

FINANCE = [
    DemoKPI(
        "FIN_KPI_01",
        "fin",
        "Supplier invoices paid within 30 days",
        (("2017-04", "95", "90"),),
        ("95.3", "97.8"),
        months={
            "2017-04": (
                "92.61",
                "Year-end closedown delayed invoice processing in the first fortnight of April.",
            ),
            "2017-05": (
                "94.12",
                "Recovering from year end; 186 invoices held awaiting "
                "goods receipting by services.",
            ),
            "2018-04": (
                "94.37",
                "Year-end closedown again; 312 invoices held awaiting "
                "goods receipting. Reminder sent to budget holders.",
            ),
        },
    ),
    DemoKPI(
        "FIN_KPI_02",
        "fin",
        "Agresso availability (core hours)",
        (("2017-04", "99.5", "99.0"),),
        ("99.70", "100"),
        months={
            "2017-11": (
                "99.21",
                "The Agresso Milestone 6 upgrade overran its planned "
                "outage by 3 hours on 19 November.",
            ),
        },
    ),
    DemoKPI(
        "FIN_KPI_03",
        "fin",
        "Sales invoices raised within 5 working days of request",
        (("2017-04", "95", "90"),),
        ("95.5", "99.0"),
    ),
    DemoKPI(
        "FIN_KPI_04",
        "fin",
        "Month-end close completed",
        (("2017-04", "5", "7"),),
        ("4", "5"),
        unit=DAYS,
        polarity=LOWER,
        decimal_places=0,
        description="Working days after the month ends.",
        months={
            "2017-06": ("6", "Quarter-end accruals review added a day."),
        },
    ),
    DemoKPI(
        "FIN_KPI_05",
        "fin",
        "Bank reconciliations completed by working day 10",
        (("2017-04", "100", "95"),),
        ("100", "100"),
        months={
            "2017-08": (
                "95.00",
                "One of 20 accounts (schools' imprest) reconciled on working day 12.",
            ),
        },
    ),
    DemoKPI(
        "FIN_KPI_06",
        "fin",
        "Debt over 90 days as a percentage of all debt",
        (("2017-04", "15", "20"),),
        ("11.5", "14.8"),
        polarity=LOWER,
        months={
            "2017-10": (
                "16.82",
                "Two care home debts totalling £184,300 passed 90 days "
                "– payment plans agreed with both homes in November.",
            ),
        },
    ),
    DemoKPI(
        "FIN_KPI_07",
        "fin",
        "Accounts payable queries resolved within 5 working days",
        (("2017-04", "90", "85"),),
        ("91", "96"),
    ),
    DemoKPI(
        "FIN_KPI_08",
        "fin",
        "VAT return submitted to HMRC by the due date",
        (("2017-04", "1", None),),
        ("1", "1"),
        unit=YES_NO,
        decimal_places=0,
    ),
    DemoKPI(
        "FIN_PI_01",
        "fin",
        "Supplier invoices received electronically",
        (("2017-04", "60", "50"),),
        ("61", "70"),
        contractual=False,
        decimal_places=1,
    ),
]

PAYROLL = [
    DemoKPI(
        "PHR_KPI_01",
        "phr",
        "Payroll accuracy",
        (("2017-04", "99.5", "99.0"),),
        ("99.60", "99.95"),
        months={
            "2017-06": (
                "99.31",
                "Pay award uplift applied to 41 casual workers at the "
                "wrong rate; corrected in the July payroll.",
            ),
        },
    ),
    DemoKPI(
        "PHR_KPI_02",
        "phr",
        "Employees paid on time",
        (("2017-04", "99.9", "99.5"),),
        ("99.92", "100"),
    ),
    DemoKPI(
        "PHR_KPI_03",
        "phr",
        "RTI submissions to HMRC on time",
        (("2017-04", "1", None),),
        ("1", "1"),
        unit=YES_NO,
        decimal_places=0,
    ),
    DemoKPI(
        "PHR_KPI_04",
        "phr",
        "New starters set up before their first pay date",
        (("2017-04", "98", "95"),),
        ("98.2", "99.8"),
        months={
            "2017-09": (
                "96.40",
                "Late notifications from schools for the September "
                "intake: 87 starters notified in one week.",
            ),
        },
    ),
    DemoKPI(
        "PHR_KPI_05",
        "phr",
        "DBS checks processed within 5 working days",
        (("2017-04", "95", "90"),),
        ("95.5", "99.0"),
    ),
    DemoKPI(
        "PHR_KPI_06",
        "phr",
        "HR administration requests completed within agreed timescales",
        (("2017-04", "95", "90"),),
        ("95.2", "98.5"),
    ),
    DemoKPI(
        "PHR_KPI_07",
        "phr",
        "Value of salary overpayments made",
        (("2017-04", "5000", "10000"),),
        ("1200", "4800"),
        unit=CURRENCY,
        polarity=LOWER,
        months={
            "2017-06": (
                "11842.60",
                "The casual workers' pay award error (see PHR_KPI_01): "
                "£11,842.60 overpaid to 41 workers – recovered over three months.",
            ),
        },
    ),
    DemoKPI(
        "PHR_KPI_08",
        "phr",
        "Payroll control checks passed (quarterly audit)",
        (("2017-04", "100", "95"),),
        ("100", "100"),
        frequency=QUARTERLY,
        months={
            "2017-12": (
                "96.00",
                "One of 25 control checks failed: starter forms not "
                "countersigned. Payroll team retrained in January.",
            ),
        },
    ),
]

CUSTOMER_SERVICE = [
    DemoKPI(
        "CSC_KPI_01",
        "csc",
        "Calls answered within 20 seconds",
        (("2017-04", "80", "75"), ("2018-04", "85", "80")),
        ("85.3", "89.0"),
        description="Target raised from 80 % to 85 % from April 2018.",
        months={
            "2017-04": (
                "68.40",
                "Seasonal peak (blue badges and school admissions) with 9 adviser vacancies.",
            ),
            "2017-05": (
                "61.20",
                "Call volumes 18 % above forecast; recruitment of 12 advisers under way.",
            ),
            "2017-06": ("66.90", "First 6 new advisers in training; overtime offered at weekends."),
            "2017-07": ("72.50", "New advisers taking calls from 10 July."),
            "2017-08": ("76.80", "All 12 new advisers now taking calls."),
            "2017-09": (
                "79.10",
                "Just short of target; call-back option added to the telephone menu.",
            ),
            "2018-04": (
                "83.60",
                "First month under the raised 85 % target; school "
                "admissions peak in the week of 16 April.",
            ),
        },
    ),
    DemoKPI(
        "CSC_KPI_02",
        "csc",
        "Calls resolved at first point of contact",
        (("2017-04", "80", "75"),),
        ("80.5", "84.0"),
        months={
            "2017-05": ("76.30", "New advisers transferring more calls to back offices."),
            "2017-06": ("78.10", "Improving; scripts for the top 20 enquiries updated."),
        },
    ),
    DemoKPI(
        "CSC_KPI_03",
        "csc",
        "Emails responded to within 2 working days",
        (("2017-04", "95", "90"),),
        ("95.2", "98.9"),
        months={
            "2017-05": ("88.40", "Email advisers moved to the telephones during the call peak."),
            "2017-06": ("91.70", "Backlog cleared by 23 June."),
        },
    ),
    DemoKPI(
        "CSC_KPI_04",
        "csc",
        "Abandoned calls",
        (("2017-04", "5", "8"),),
        ("2.45", "3.40"),
        polarity=LOWER,
        description="Calls abandoned by the caller as a percentage of calls offered.",
        months={
            "2017-04": ("12.84", "Seasonal peak with 9 adviser vacancies."),
            "2017-05": (
                "17.53",
                "Call volumes 18 % above forecast and 9 vacancies: "
                "callers gave up after long waits. Recovery plan agreed with the "
                "Partnership Board.",
            ),
            "2017-06": ("14.27", "Recovery plan: 12 advisers recruited, first 6 in training."),
            "2017-07": ("9.61", "New advisers taking calls from 10 July."),
            "2017-08": ("7.38", "Within the minimum; all 12 new advisers taking calls."),
            "2017-09": ("6.12", "Call-back option added to the telephone menu."),
            "2017-10": ("4.71", "Back within target for the first time since March."),
            "2017-11": ("3.46", ""),
            "2017-12": ("2.79", "Lowest rate since the contract started."),
        },
    ),
    DemoKPI(
        "CSC_KPI_05",
        "csc",
        "Complaints responded to within 10 working days",
        (("2017-04", "95", "90"),),
        ("95.5", "100"),
        months={
            "2017-06": (
                "85.71",
                "Six of 42 complaints answered late – the complaints "
                "team was redeployed to the telephones during the peak.",
            ),
        },
    ),
    DemoKPI(
        "CSC_KPI_06",
        "csc",
        "Average speed of answer (seconds)",
        (("2017-04", "60", "90"),),
        ("28", "55"),
        unit=NUMBER,
        polarity=LOWER,
        decimal_places=0,
        months={
            "2017-04": ("96", "Seasonal peak with 9 adviser vacancies."),
            "2017-05": ("142", "Call volumes 18 % above forecast."),
            "2017-06": ("118", "New advisers still in training."),
            "2017-07": ("74", "Improving as new advisers take calls."),
        },
    ),
    DemoKPI(
        "CSC_KPI_07",
        "csc",
        "Customer satisfaction (quarterly survey)",
        (("2017-04", "85", "80"),),
        ("85.5", "91.0"),
        frequency=QUARTERLY,
        decimal_places=1,
        months={
            "2017-06": (
                "78.0",
                "The survey ran during the May–June call peak; long waits were the main complaint.",
            ),
        },
    ),
    DemoKPI(
        "CSC_KPI_08",
        "csc",
        "Web forms processed within 3 working days",
        (("2017-04", "95", "90"),),
        ("95.4", "99.0"),
    ),
    DemoKPI(
        "CSC_PI_01",
        "csc",
        "Calls offered",
        (("2017-04", None, None),),
        ("24000", "31000"),
        unit=NUMBER,
        contractual=False,
        decimal_places=0,
        months={
            "2017-05": ("36412", "School admissions and blue badge renewals peak."),
            "2017-06": ("33870", ""),
        },
    ),
]

ADULT_CARE_FINANCE = [
    DemoKPI(
        "ACF_KPI_01",
        "acf",
        "Financial assessments completed within 28 days",
        (("2017-04", "90", "85"),),
        ("90.5", "95.0"),
        months={
            "2017-08": (
                "86.30",
                "Two assessment officer vacancies – both posts filled from 4 September.",
            ),
        },
    ),
    DemoKPI(
        "ACF_KPI_02",
        "acf",
        "Care invoices raised on time",
        (("2017-04", "98", "95"),),
        ("98.2", "99.7"),
    ),
    DemoKPI(
        "ACF_KPI_03",
        "acf",
        "Care package changes billed in Agresso within 10 working days of entry in Mosaic",
        (("2017-04", "75", "65"),),
        ("75", "80"),
        description="Depends on the interface between Mosaic and Agresso.",
        months={
            "2017-04": ("58.20", _rekeyed("year-end changes doubled the volume.")),
            "2017-05": ("61.70", _rekeyed("3 agency staff started on 15 May.")),
            "2017-06": ("63.90", _rekeyed("agency staff clearing the April backlog.")),
            "2017-07": ("66.10", _rekeyed("backlog down to 210 changes.")),
            "2017-08": ("60.40", _rekeyed("summer leave; 2 agency staff left.")),
            "2017-09": ("62.80", _rekeyed("replacement agency staff in post.")),
            "2017-10": ("64.50", _rekeyed("interface design agreed with the council.")),
            "2017-11": ("67.30", _rekeyed("backlog down to 95 changes.")),
            "2017-12": ("69.80", _rekeyed("best month so far; still short of 75 %.")),
            "2018-01": ("68.20", _rekeyed("interface testing postponed by the council.")),
            "2018-02": ("63.10", _rekeyed("care fee uplift changes for April arriving.")),
            "2018-03": ("66.70", _rekeyed("annual uplift of 4,800 packages keyed.")),
            "2018-04": ("70.40", _rekeyed("mitigation agreed by the Partnership Board.")),
            "2018-05": ("71.90", _rekeyed("no change expected until the interface.")),
            "2018-06": ("68.60", _rekeyed("interface go-live moved to 2019.")),
            "2018-07": ("72.30", _rekeyed("steady; 2 agency staff retained.")),
            "2018-08": ("73.10", _rekeyed("highest since the contract started.")),
            "2018-09": ("70.80", _rekeyed("summer leave lengthened the queue.")),
        },
    ),
    DemoKPI(
        "ACF_KPI_04",
        "acf",
        "Residential care provider payments made against Mosaic records by the due date",
        (("2017-04", "95", "90"),),
        ("95.5", "98.0"),
        description="Depends on the interface between Mosaic and Agresso.",
        months={
            "2017-04": ("88.60", _reconciled("17 homes paid late.")),
            "2017-05": ("91.20", _reconciled("11 homes paid late.")),
            "2017-06": ("87.40", _reconciled("Mosaic extract failed twice.")),
            "2017-07": ("89.90", _reconciled("19 homes paid late.")),
            "2017-08": ("92.30", _reconciled("holiday cover from the finance team.")),
            "2017-09": ("90.10", _reconciled("13 homes paid late.")),
            "2017-10": ("86.80", _reconciled("new homes' bank details missing in Mosaic.")),
            "2017-11": ("91.50", _reconciled("10 homes paid late.")),
            "2017-12": ("88.10", _reconciled("Christmas payment run brought forward.")),
            "2018-01": ("92.70", _reconciled("9 homes paid late.")),
            "2018-02": ("89.30", _reconciled("Mosaic upgrade changed the extract.")),
            "2018-03": ("90.60", _reconciled("year-end fee uplifts keyed by hand.")),
            "2018-04": ("91.80", _reconciled("mitigation agreed by the Partnership Board.")),
            "2018-05": (None, ""),
            "2018-06": ("92.40", _reconciled("8 homes paid late.")),
            "2018-07": ("93.10", _reconciled("7 homes paid late.")),
            "2018-08": (None, ""),
            "2018-09": ("91.90", _reconciled("11 homes paid late.")),
        },
    ),
    DemoKPI(
        "ACF_KPI_05",
        "acf",
        "Client finance (appointee) accounts reconciled monthly",
        (("2017-04", "100", "98"),),
        ("100", "100"),
    ),
    DemoKPI(
        "ACF_KPI_06",
        "acf",
        "Deferred payment agreements completed within 12 weeks",
        (("2017-04", "90", "80"),),
        ("91", "100"),
        frequency=QUARTERLY,
        decimal_places=1,
        months={
            "2017-09": ("83.3", "Five of 30 agreements waited for Land Registry searches."),
        },
    ),
    DemoKPI(
        "ACF_KPI_07",
        "acf",
        "Financial assessment appeals responded to within 20 working days",
        (("2017-04", "95", "90"),),
        ("95.5", "100"),
    ),
]

DEMO_KPIS = IMT + FINANCE + PAYROLL + CUSTOMER_SERVICE + ADULT_CARE_FINANCE
