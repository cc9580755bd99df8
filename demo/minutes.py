"""The demo's boards and minutes: the Overview and Scrutiny Management Board meeting of
25 October 2018 that reviewed the CSSC's July–September 2018 performance, and the
monthly Partnership Board. Written through the minutes services, as a clerk would:
each meeting's items and resolutions while its minutes are in draft, then the minutes
confirmed at the board's next meeting. Only what is missing is created, so a second run
changes nothing (and writes no history). Boards and their members are set up in the
admin, which writes them directly."""

from datetime import date, time

from django.contrib.auth import get_user_model

from contracts.models import Contract
from kpis.models import KPI
from minutes.choices import ActionStatus, BoardKind, MeetingStatus
from minutes.models import Action, AgendaItem, Board, Meeting, Resolution
from minutes.services import action_save, item_save, meeting_save, minutes_confirm, resolution_add

OSMB = "Overview and Scrutiny Management Board"
PARTNERSHIP = "Corporate Support Services Partnership Board"
COUNTY_OFFICES = "County Offices, Newland, Lincoln"

SCRUTINY_CHAIR = "Councillor Rachel Parkes (Chairman)"
OCTOBER_MEETING = {
    "start_time": time(10, 0),
    "place": COUNTY_OFFICES,
    "chair": SCRUTINY_CHAIR,
    "status": MeetingStatus.MINUTES_DRAFT,  # confirmed at the November meeting
    "members_present": "\n".join(
        [
            SCRUTINY_CHAIR,
            "Councillor David Ellery (Vice-Chairman)",
            "Councillor Beatrice Lund",
            "Councillor Mohammed Iqbal",
            "Councillor Susan Wray",
        ]
    ),
    "apologies": "Councillor Tom Ashby",
    "officers_in_attendance": "\n".join(
        [
            "Chief Commercial Officer",
            "Chief Information and Commissioning Officer",
            "Scrutiny Officer",
        ]
    ),
}
NOVEMBER_MEETING = {
    "start_time": time(10, 0),
    "place": COUNTY_OFFICES,
    "chair": SCRUTINY_CHAIR,
    "status": MeetingStatus.MINUTES_DRAFT,
    "members_present": f"{SCRUTINY_CHAIR}\nCouncillor Beatrice Lund",
}

QUARTERLY_REPORT = {
    "title": (
        "Corporate Support Services Contract – Quarterly Performance Report (July–September 2018)"
    ),
    "purpose": (
        "To consider the performance of the Corporate Support Services Contract for July "
        "to September 2018, progress on the top 20 priority IMT projects, and a proposed "
        "approach to future overview and scrutiny of the contract."
    ),
    "report_by": "Chief Commercial Officer",
    "pages": "17–58",
    "minutes": (
        "Consideration was given to a report by the Chief Commercial Officer on the "
        "performance of the Corporate Support Services Contract, delivered by Serco, for "
        "July to September 2018. The KPI Summary Performance table showed each month from "
        "April to September 2018.\n\n"
        "The Board was advised that every contractual KPI measured in the quarter had been "
        "met, other than the two in mitigation, and was given an update on the top 20 "
        "priority IMT projects.\n\n"
        "A new approach to overview and scrutiny of the contract was proposed:\n"
        "- exception performance reported to the Board at each quarterly review;\n"
        "- six-monthly overview reports on the contract as a whole."
    ),
    "points": "\n".join(
        [
            "Members asked about the KPIs that were not green: every measured KPI had "
            "been met from July to September 2018; the only ones not green were the two in "
            "mitigation.",
            "The two Adult Care Finance KPIs were in mitigation because the council's own "
            "systems, Agresso and Mosaic, were not yet integrated; the mitigation had been "
            "agreed by the Partnership Board.",
            "Members asked that exception performance be reported from now on, and that "
            "future reports say what mitigation had been agreed for any KPI not met.",
            "Of the top 20 priority IMT projects, project 277 (OpenText Migration) was at "
            "test stage; its go-live had been revised to 21 January 2019 after an extra "
            "testing phase was added, subject to third-party availability.",
            "The draft IMT Strategy would be available by the end of 2018.",
        ]
    ),
}

QUARTERLY_RESOLUTIONS = [
    "That the proposed approach to future overview and scrutiny be supported.",
    "That the Board records its reassurance on the performance of the contract.",
    "That the progress against the top 20 priority IMT projects be noted.",
    "That the comments of the Board be noted by officers.",
]

# description, owner, due, status, resolution number, KPI code, closing note
QUARTERLY_ACTIONS = [
    (
        "Report KPI exception performance to the Board at each quarterly review from now on.",
        "Chief Commercial Officer",
        date(2019, 1, 31),
        ActionStatus.IN_PROGRESS,
        1,
        None,
        "",
    ),
    (
        "Say in each future report what mitigation has been agreed for any KPI not met.",
        "Marcus Hale, contract manager",
        date(2019, 1, 31),
        ActionStatus.OPEN,
        4,
        "ACF_KPI_03",
        "",
    ),
    (
        "Bring six-monthly overview reports on the contract to the Board.",
        "Chief Commercial Officer",
        date(2019, 4, 30),
        ActionStatus.OPEN,
        1,
        None,
        "",
    ),
    (
        "Circulate the draft IMT Strategy to members of the Board by the end of 2018.",
        "Chief Information and Commissioning Officer",
        date(2018, 12, 31),
        ActionStatus.DONE,
        3,
        None,
        "Circulated to members on 14 December 2018.",
    ),
]

# date, status, minutes of the monthly performance item
PARTNERSHIP_MEETINGS = [
    (date(2018, 7, 18), MeetingStatus.MINUTES_CONFIRMED, "June 2018"),
    (date(2018, 8, 15), MeetingStatus.MINUTES_CONFIRMED, "July 2018"),
    (date(2018, 9, 19), MeetingStatus.MINUTES_CONFIRMED, "August 2018"),
    (date(2018, 10, 17), MeetingStatus.MINUTES_DRAFT, "September 2018"),
    (date(2018, 11, 21), MeetingStatus.SCHEDULED, ""),
]


def seed_minutes(contract: Contract) -> None:
    User = get_user_model()
    board, manager = User.objects.get(username="board"), User.objects.get(username="manager")
    # Only a board's members read its meetings; the contract manager reports to both.
    scrutiny = _board(OSMB, BoardKind.SCRUTINY, [board, manager])
    partnership = _board(PARTNERSHIP, BoardKind.PARTNERSHIP, [manager])
    _seed_scrutiny(scrutiny, contract)
    _seed_partnership(partnership, contract)


def _board(name, kind, members) -> Board:
    board, _ = Board.objects.get_or_create(name=name, defaults={"kind": kind})
    board.members.add(*members)
    return board


def _meeting(board, day, **fields) -> Meeting:
    meeting = Meeting.objects.filter(board=board, date=day).first()
    return meeting or meeting_save(meeting=Meeting(board=board, date=day, **fields))


def _item(meeting, number, **fields) -> AgendaItem:
    item = meeting.items.filter(number=number).first()
    return item or item_save(item=AgendaItem(meeting=meeting, number=number, **fields))


def _resolutions(item, texts) -> dict[int, Resolution]:
    """The item's resolutions, numbered 1… in the order given."""
    resolutions = {r.number: r for r in item.resolutions.all()}
    for number, text in enumerate(texts, start=1):
        if number not in resolutions:
            resolutions[number] = resolution_add(agenda_item=item, text=text)
    return resolutions


def _action(item, description, **fields) -> None:
    if not item.actions.filter(description=description).exists():
        action_save(action=Action(agenda_item=item, description=description, **fields))


def _confirm(meeting, at) -> None:
    """Confirm `meeting`'s minutes at the later meeting `at`, once."""
    if meeting.status != MeetingStatus.MINUTES_CONFIRMED:
        minutes_confirm(meeting=meeting, confirmed_at=at)


def _seed_scrutiny(board, contract) -> None:
    october = _meeting(board, date(2018, 10, 25), **OCTOBER_MEETING)
    item = _item(october, 5, contract=contract, **QUARTERLY_REPORT)
    resolutions = _resolutions(item, QUARTERLY_RESOLUTIONS)
    kpis = {k.code: k for k in KPI.objects.filter(contract=contract)}
    for description, owner, due, status, number, code, note in QUARTERLY_ACTIONS:
        _action(
            item,
            description,
            owner=owner,
            due_date=due,
            status=status,
            resolution=resolutions[number],
            kpi=kpis.get(code),
            closing_note=note,
        )
    november = _meeting(board, date(2018, 11, 29), **NOVEMBER_MEETING)
    confirming = _item(november, 3, title="Minutes of the meeting held on 25 October 2018")
    _resolutions(
        confirming,
        [
            "That the minutes of the meeting held on 25 October 2018 be confirmed and "
            "signed by the Chairman as a correct record."
        ],
    )


def confirm_scrutiny_minutes() -> None:
    """Confirm the 25 October 2018 minutes at the November meeting: last, once its agenda
    pack is published and resolution (1) cites the pack's pages (demo/publishing.py)."""
    meetings = Meeting.objects.filter(board__name=OSMB)
    october = meetings.get(date=date(2018, 10, 25))
    _confirm(october, at=meetings.get(date=date(2018, 11, 29)))


def _seed_partnership(board, contract) -> None:
    meetings = []
    for day, status, month in PARTNERSHIP_MEETINGS:
        # Minutes are confirmed at the next meeting, once it is on the calendar.
        drafted = (
            MeetingStatus.MINUTES_DRAFT if status == MeetingStatus.MINUTES_CONFIRMED else status
        )
        meeting = _meeting(
            board,
            day,
            start_time=time(14, 0),
            place=COUNTY_OFFICES,
            chair="Chief Commercial Officer",
            status=drafted,
            members_present="Chief Commercial Officer\nSerco Partnership Director\nMarcus Hale",
        )
        _item(
            meeting,
            1,
            contract=contract,
            title=f"Monthly performance report ({month or 'October 2018'})",
            report_by="Serco Partnership Director",
            minutes=(f"The Board reviewed the KPI performance for {month}." if month else ""),
        )
        if day == date(2018, 9, 19):
            _seed_exempt_item(meeting, contract)
        meetings.append((meeting, status))
    for (meeting, status), (later, _) in zip(meetings, meetings[1:], strict=False):
        if status == MeetingStatus.MINUTES_CONFIRMED:
            _confirm(meeting, at=later)


def _seed_exempt_item(meeting, contract) -> None:
    item = _item(
        meeting,
        2,
        contract=contract,
        exempt=True,
        title="Commercial negotiations: options to extend the contract",
        report_by="Chief Commercial Officer",
        minutes=(
            "The Board considered the commercial options for extending the contract beyond "
            "March 2020, including the pricing proposals received from Serco.\n\n"
            "- Officers to model the cost of each option.\n"
            "- A recommendation to come to the Board in November."
        ),
    )
    _resolutions(item, ["That officers model the cost of each extension option."])
    _action(
        item,
        "Model the cost of each option to extend the contract.",
        owner="Chief Commercial Officer",
        due_date=date(2018, 11, 21),
    )
