"""`bulk_update_values` writes each row's own values, nulls and text included;
`bulk_history_of_updates` records them as simple-history would."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.bulk import bulk_history_of_updates, bulk_update_values
from kpis.models import KPIFigure
from tests.factories import KPIFigureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_bulk_update_values_writes_each_rows_fields_and_no_others():
    first, second, untouched = KPIFigureFactory.create_batch(3, commentary="Before")
    user = UserFactory()
    first.value, first.numerator, first.commentary = Decimal("12.345"), None, 'It\'s "fine"'
    first.entered_by, first.entered_at = user, datetime(2018, 9, 3, 9, 30, tzinfo=UTC)
    second.value, second.numerator, second.commentary = Decimal("7"), Decimal("3"), ""
    second.entered_by, second.entered_at = None, None
    with CaptureQueriesContext(connection) as captured:
        bulk_update_values(
            [first, second],
            ["value", "numerator", "commentary", "entered_by", "entered_at"],
            batch_size=1,
        )
    assert len(captured) == 2  # one statement per batch
    rows = KPIFigure.objects.in_bulk([first.pk, second.pk, untouched.pk])
    assert (rows[first.pk].value, rows[first.pk].numerator, rows[first.pk].commentary) == (
        Decimal("12.345"),
        None,
        'It\'s "fine"',
    )
    assert rows[first.pk].entered_by == user
    assert rows[first.pk].entered_at == datetime(2018, 9, 3, 9, 30, tzinfo=UTC)
    assert (rows[second.pk].value, rows[second.pk].numerator, rows[second.pk].commentary) == (
        Decimal("7"),
        Decimal("3"),
        "",
    )
    assert rows[second.pk].entered_by is None
    assert (rows[untouched.pk].value, rows[untouched.pk].commentary) == (Decimal("96"), "Before")


def test_the_history_of_updates_is_what_simple_history_records_in_the_same_order():
    first, second, untouched = KPIFigureFactory.create_batch(3, commentary="Before")
    officer, manager = UserFactory(), UserFactory()
    second.value, second.commentary, second.version = Decimal("7.5"), "Fixed", 2
    second._change_reason = "Corrected: typo"
    first.value, first.numerator = Decimal("12.345"), None
    first._history_user = manager
    bulk_update_values([second, first], ["value", "numerator", "commentary", "version"])
    before = KPIFigure.history.count()
    bulk_history_of_updates([second, first], user=officer)

    added = list(KPIFigure.history.order_by("history_id")[before:])
    assert [record.id for record in added] == [second.pk, first.pk]  # in the order given
    assert [record.history_type for record in added] == ["~", "~"]
    assert [record.history_user for record in added] == [officer, manager]
    assert [record.history_change_reason for record in added] == ["Corrected: typo", ""]
    for record, figure in zip(added, [second, first], strict=True):
        for field in KPIFigure.history.model.tracked_fields:
            assert getattr(record, field.attname) == getattr(figure, field.attname), field
    assert not KPIFigure.history.filter(id=untouched.pk, history_type="~").exists()
