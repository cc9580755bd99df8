"""The rules of a figure's writes kept in one place: a return saved through
`return_save`, the importer changing a figure's state through the same functions as the
form, and the numerator rule shared by the form and the service."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.periods import Month
from kpis.choices import FigureState
from kpis.importing import commit_returns, read_table, validate_returns
from kpis.models import KPIFigure
from kpis.return_form import FigureRowForm
from kpis.services import FigureInput, StaleRows, check_ratio, figures_save, return_save
from tests.factories import KPIFactory, KPIFigureFactory, UserFactory
from tests.kpis.spreadsheets import RETURN_HEADER, write_csv

pytestmark = pytest.mark.django_db
D = Decimal
SEPTEMBER = Month(2018, 9)
NOW = datetime(2018, 10, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def kpi(contract):
    return KPIFactory(contract=contract, code="CSC_KPI_04", unit="percent")


def returned_draft(kpi, **fields) -> KPIFigure:
    defaults = {
        "period": SEPTEMBER.first_day,
        "value": D(90),
        "commentary": "First try",
        "state": FigureState.DRAFT,
        "returned_comment": "Check the count",
        "version": 3,
    }
    return KPIFigureFactory(kpi=kpi, **(defaults | fields))


def state_of(figure: KPIFigure) -> tuple:
    figure.refresh_from_db()
    return (
        figure.value,
        figure.commentary,
        figure.state,
        figure.entered_by,
        figure.entered_at,
        figure.submitted_by,
        figure.submitted_at,
        figure.returned_comment,
        figure.version,
    )


def test_return_save_refuses_a_row_someone_saved_since_it_was_seen(kpi, officer):
    returned_draft(kpi)
    unseen = FigureInput(kpi=kpi, value=D(95), commentary="", version=None)

    with pytest.raises(StaleRows):
        return_save(month=SEPTEMBER, items=[unseen], user=officer, submit=False)

    assert KPIFigure.objects.get(kpi=kpi).value == D(90)


def test_return_save_submits_a_draft_typed_again_without_changing_who_entered_it(kpi, officer):
    enterer = UserFactory()
    draft = returned_draft(kpi, entered_by=enterer)
    # Opened before the figure was returned: the version differs, the content does not.
    same = FigureInput(kpi=kpi, value=D(90), commentary="First try", version=None)

    saved = return_save(month=SEPTEMBER, items=[same], user=officer, submit=True)

    draft.refresh_from_db()
    assert [f.pk for f in saved] == [draft.pk]
    assert (draft.state, draft.entered_by, draft.submitted_by) == (
        FigureState.SUBMITTED,
        enterer,
        officer,
    )


def test_the_importer_and_the_return_form_submit_a_figure_alike(contract, officer, tmp_path):
    by_form = returned_draft(KPIFactory(contract=contract, code="A_1", unit="percent"))
    by_file = returned_draft(KPIFactory(contract=contract, code="B_1", unit="percent"))
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["B_1", "2018-09", "96", "Recounted"]])

    with time_machine.travel(NOW, tick=False):
        item = FigureInput(kpi=by_form.kpi, value=D(96), commentary="Recounted", version=3)
        figures_save(month=SEPTEMBER, items=[item], user=officer, submit=True, source="s")
        with open(path, "rb") as file_obj:
            table = read_table(file_obj, path.name)
        checked = validate_returns(contract=contract, table=table, user=officer)
        commit_returns(checked, user=officer, source="s")

    assert state_of(by_file) == state_of(by_form)
    assert state_of(by_form)[2:4] == (FigureState.SUBMITTED, officer)


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [("30", "20"), ("20", "20"), ("0", "1"), ("1", "0"), ("", "5"), ("5", "")],
)
def test_the_form_and_the_service_apply_one_numerator_rule(kpi, numerator, denominator):
    form = FigureRowForm(
        {
            f"kpi-{kpi.pk}-value": "90",
            f"kpi-{kpi.pk}-numerator": numerator,
            f"kpi-{kpi.pk}-denominator": denominator,
        },
        kpi=kpi,
        month=SEPTEMBER,
        figure=None,
    )
    form.is_valid()
    numbers = {
        "numerator": D(numerator) if numerator else None,
        "denominator": D(denominator) if denominator else None,
    }
    try:
        check_ratio(**numbers)
        service_messages = []
    except ValidationError as error:
        service_messages = [f"{kpi.code}: {m}" for m in error.messages]

    assert form.errors.get("numerator", []) == service_messages
