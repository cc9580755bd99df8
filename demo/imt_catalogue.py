"""The demo's IMT projects as the scrutiny board saw them in autumn 2018: the top 20
priority projects in priority order, a few others, their go-live revisions, monthly
updates and benefits. Data only; `imt.py` loads it."""

from datetime import date

from core.periods import Month
from imt_projects.choices import RAG, BenefitStatus, Stage

UPDATE_MONTHS = (Month(2018, 7), Month(2018, 8), Month(2018, 9))
THIRD_PARTY = "Subject to third-party availability"

G, A, R = RAG.GREEN, RAG.AMBER, RAG.RED

# number, title, sponsor, baseline go-live, stage, RAG, reason for the RAG, third party.
# In priority order: the first is priority 1.
TOP_20 = [
    (
        245,
        "Mosaic–Agresso interface",
        "Director of Adult Care",
        date(2018, 9, 3),
        Stage.BUILD,
        R,
        "Interface specification agreed late; two KPIs stay in mitigation until it is live.",
        "",
    ),
    (
        231,
        "Agresso upgrade to Milestone 7",
        "Chief Finance Officer",
        date(2018, 11, 5),
        Stage.BUILD,
        A,
        "Supplier patch for the payroll module awaited.",
        THIRD_PARTY,
    ),
    (
        277,
        "OpenText Migration",
        "Head of Information Governance",
        date(2018, 7, 30),
        Stage.TEST,
        A,
        "An additional testing phase was added to the plan.",
        THIRD_PARTY,
    ),
    (
        252,
        "Windows 10 rollout",
        "Chief Information Officer",
        date(2019, 3, 29),
        Stage.BUILD,
        G,
        "",
        "",
    ),
    (
        260,
        "Wide area network refresh",
        "Chief Information Officer",
        date(2019, 1, 31),
        Stage.BUILD,
        G,
        "",
        "Subject to the network carrier's installation dates",
    ),
    (
        263,
        "Telephony replacement",
        "Head of Customer Services",
        date(2018, 10, 1),
        Stage.TEST,
        A,
        "Call-centre cut-over moved to avoid the winter peak.",
        "",
    ),
    (
        268,
        "Data centre move",
        "Chief Information Officer",
        date(2019, 6, 28),
        Stage.INITIATION,
        A,
        "Hosting partner not yet chosen.",
        THIRD_PARTY,
    ),
    (
        270,
        "Office 365 email migration",
        "Chief Information Officer",
        date(2018, 12, 3),
        Stage.TEST,
        G,
        "",
        "",
    ),
    (
        272,
        "Mosaic upgrade",
        "Director of Children's Services",
        date(2019, 2, 25),
        Stage.DESIGN,
        G,
        "",
        "",
    ),
    (
        274,
        "Public Wi-Fi in libraries",
        "Head of Libraries",
        date(2018, 9, 17),
        Stage.GO_LIVE,
        G,
        "",
        "",
    ),
    (
        279,
        "Firewall replacement",
        "Chief Information Officer",
        date(2018, 12, 14),
        Stage.BUILD,
        G,
        "",
        "",
    ),
    (
        281,
        "Backup and recovery replacement",
        "Chief Information Officer",
        date(2019, 3, 1),
        Stage.DESIGN,
        A,
        "Storage capacity estimate under review.",
        "",
    ),
    (
        284,
        "Customer self-service portal",
        "Head of Customer Services",
        date(2019, 4, 1),
        Stage.BUILD,
        A,
        "Payments integration depends on the Agresso upgrade.",
        "",
    ),
    (286, "Payroll and HR self-service", "Head of HR", date(2018, 11, 26), Stage.TEST, G, "", ""),
    (
        288,
        "Schools traded services portal",
        "Head of Schools Services",
        date(2019, 5, 31),
        Stage.INITIATION,
        G,
        "",
        "",
    ),
    (
        290,
        "Multi-factor authentication",
        "Chief Information Officer",
        date(2019, 1, 14),
        Stage.DESIGN,
        G,
        "",
        "",
    ),
    (
        293,
        "Printer and copier replacement",
        "Head of Property",
        date(2018, 9, 10),
        Stage.GO_LIVE,
        G,
        "",
        "",
    ),
    (
        295,
        "IT asset management system",
        "Chief Information Officer",
        date(2019, 2, 1),
        Stage.BUILD,
        A,
        "Asset data cleansing behind plan.",
        "",
    ),
    (
        297,
        "Records retention for GDPR",
        "Head of Information Governance",
        date(2018, 10, 31),
        Stage.BUILD,
        R,
        "Retention schedules not yet signed off by services.",
        "",
    ),
    (
        299,
        "Adult care finance module",
        "Director of Adult Care",
        date(2019, 3, 18),
        Stage.DESIGN,
        A,
        "Waiting on the Mosaic–Agresso interface.",
        "",
    ),
]

OTHERS = [
    (
        210,
        "Intranet redesign",
        "Head of Communications",
        date(2018, 4, 30),
        Stage.CLOSED,
        G,
        "",
        "",
    ),
    (
        301,
        "Digital signage in council buildings",
        "Head of Property",
        date(2019, 9, 30),
        Stage.PIPELINE,
        G,
        "",
        "",
    ),
    (
        303,
        "Fax decommissioning",
        "Chief Information Officer",
        date(2018, 12, 31),
        Stage.ON_HOLD,
        A,
        "Paused until the telephony replacement is live.",
        "",
    ),
    (
        305,
        "Library self-service kiosks",
        "Head of Libraries",
        date(2019, 1, 31),
        Stage.CANCELLED,
        G,
        "",
        "",
    ),
]

DESCRIPTIONS = {
    277: "Migrating the IMP document management system to the OpenText hosted (cloud) solution.",
    245: "An automated interface so that adult care charges raised in Mosaic reach Agresso "
    "without re-keying.",
}

# number: [(new date, reason, where reported, recorded on)]
REVISIONS = {
    277: [
        (
            date(2018, 10, 1),
            "Data extraction from IMP took longer than planned.",
            "Partnership Board, May 2018",
            date(2018, 5, 16),
        ),
        (
            date(2019, 1, 21),
            "An additional testing phase was added to the plan.",
            "Partnership Board, September 2018",
            date(2018, 9, 12),
        ),
    ],
    245: [
        (
            date(2018, 12, 3),
            "Interface specification agreed later than planned.",
            "Partnership Board, August 2018",
            date(2018, 8, 15),
        ),
    ],
    263: [
        (
            date(2018, 11, 19),
            "Cut-over moved to avoid the customer service centre's peak.",
            "Partnership Board, July 2018",
            date(2018, 7, 18),
        ),
    ],
    270: [
        (
            date(2018, 11, 5),
            "The pilot went well, so the mailboxes move in fewer waves.",
            "Partnership Board, September 2018",
            date(2018, 9, 12),
        ),
    ],
}

# 277's own story; other projects repeat their stage and RAG for each month.
OPENTEXT_UPDATES = [
    (
        Month(2018, 7),
        Stage.BUILD,
        G,
        "",
        "Hosted environment built; document migration scripts written.",
    ),
    (
        Month(2018, 8),
        Stage.TEST,
        A,
        "Test migration found gaps in metadata mapping.",
        "First test migration complete; metadata mapping issues found.",
    ),
    (
        Month(2018, 9),
        Stage.TEST,
        A,
        "An additional testing phase was added to the plan.",
        "An additional testing phase was added; go-live revised to 21 January 2019, subject to "
        "third-party availability.",
    ),
]

# number: [(description, measure, baseline, expected, realised, review date, status)]
BENEFITS = {
    277: [
        (
            "Lower document storage costs",
            "Annual hosting and licence cost",
            "£180,000",
            "£120,000",
            "",
            date(2019, 7, 31),
            BenefitStatus.EXPECTED,
        ),
        (
            "Faster retrieval of case files",
            "Average retrieval time",
            "2 minutes",
            "30 seconds",
            "",
            date(2019, 7, 31),
            BenefitStatus.EXPECTED,
        ),
    ],
    252: [
        (
            "Supported operating system on every desktop",
            "Desktops on Windows 10",
            "0%",
            "100%",
            "64%",
            date(2019, 4, 30),
            BenefitStatus.ON_TRACK,
        ),
    ],
    270: [
        (
            "Fewer mailbox storage incidents",
            "Incidents a month",
            "40",
            "5",
            "",
            date(2019, 2, 28),
            BenefitStatus.ON_TRACK,
        ),
    ],
    274: [
        (
            "Free Wi-Fi for library visitors",
            "Libraries with public Wi-Fi",
            "12",
            "44",
            "44",
            date(2018, 9, 28),
            BenefitStatus.REALISED,
        ),
    ],
    210: [
        (
            "Staff find policies faster",
            "Searches ending in a click",
            "45%",
            "75%",
            "58%",
            date(2018, 7, 31),
            BenefitStatus.NOT_REALISED,
        ),
    ],
}
