"""Updating many rows of one table in one statement per batch.

Django's `bulk_update` writes `CASE WHEN id = … THEN … END` for every field of every
row, and builds each of those expressions in Python: for a return of 60 figures and
15 fields that cost far more than the statement itself. On PostgreSQL
`bulk_update_values` sends each field's values as one array instead, `UPDATE … SET f =
v.f … FROM unnest(…) v WHERE t.pk = v.pk`, each value prepared by its field as
`bulk_update` would prepare it: one short statement with one parameter per field,
whatever the number of rows. Other databases use `bulk_update`.
"""

from django.db import connections, router

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
