"""Updating many rows of one table in one statement per batch.

Django's `bulk_update` writes `CASE WHEN id = … THEN … END` for every field of every
row, and builds each of those expressions in Python: for a return of 60 figures and
15 fields that cost far more than the statement itself. On PostgreSQL
`bulk_update_values` sends each field's values as one array instead, `UPDATE … SET f =
v.f … FROM unnest(…) v WHERE t.pk = v.pk`, each value prepared by its field as
`bulk_update` would prepare it: one short statement with one parameter per field,
whatever the number of rows. Other databases use `bulk_update`.
"""

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

BATCH_SIZE = 500


def bulk_update_values(objs, fields, *, batch_size: int = BATCH_SIZE) -> None:
    """Write `fields` (names) of saved model instances `objs`, all of one model."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    names = [f"c{i}" for i in range(len(columns))]
    arrays = ", ".join(f"CAST(%s AS {field.cast_db_type(connection)}[])" for field in columns)
    assignments = ", ".join(
        f"{quote(field.column)} = v.{name}"
        for field, name in zip(columns[1:], names[1:], strict=True)
    )
    table = quote(meta.db_table)
    # Names come from the model's metadata; values are parameters.
    sql = (
        f"UPDATE {table} SET {assignments} "  # noqa: S608
        f"FROM unnest({arrays}) AS v ({', '.join(names)}) "
        f"WHERE {table}.{quote(meta.pk.column)} = v.{names[0]}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            arrays = [
                [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in batch]
                for field in columns
            ]
            cursor.execute(sql, arrays)


def bulk_history_of_updates(objs, *, user) -> None:
    """The historical rows (django-simple-history's, type "~") of saved instances `objs`
    just written, all of one model: who (`user`, or an instance's `_history_user`), why
    (an instance's `_change_reason`), and the values as now in the table.

    On PostgreSQL the rows are copied in the database, `INSERT … SELECT` from the table,
    in the order of `objs`: simple-history builds a historical instance per row and
    prepares every value of it in Python, which cost a return's save as much as its
    `UPDATE`. Other databases use simple-history's `bulk_history_create`."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    model = type(objs[0])
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(objs, update=True, default_user=user)
        return
    quote = connection.ops.quote_name
    tracked = [field.attname for field in history.tracked_fields]
    into = [history._meta.get_field(name).column for name in tracked]
    source = [model._meta.get_field(name).column for name in tracked]
    pk = model._meta.pk
    # Names come from the models' metadata; values are parameters.
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in into)}, history_date, history_change_reason, "
        "history_type, history_user_id) "
        f"SELECT {', '.join(f't.{quote(c)}' for c in source)}, %s, v.reason, '~', v.user_id "
        f"FROM unnest(CAST(%s AS {pk.cast_db_type(connection)}[]), CAST(%s AS text[]), "
        "CAST(%s AS bigint[])) WITH ORDINALITY AS v (pk, reason, user_id, n) "
        f"JOIN {quote(model._meta.db_table)} t ON t.{quote(pk.column)} = v.pk ORDER BY v.n"
    )
    # As simple-history: the instance's user, else `user`, else the request's (its middleware).
    who = [
        getattr(obj, "_history_user", user or history.get_default_history_user(obj)) for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                timezone.now(),
                [obj.pk for obj in objs],
                [getattr(obj, "_change_reason", None) or "" for obj in objs],
                [person.pk if person is not None else None for person in who],
            ],
        )
