"""Fast writes of many rows: inserts for benchmarks and demo data (`seed_demo --candidates`), and
the same columns updated on many rows each with its own values (the webhook worker's outcomes).

On PostgreSQL the rows go in with COPY (several times faster than INSERT); elsewhere with
bulk_create. Either way the rows keep the `created_at`/`updated_at` they were given: demo data
describes a past spread over months, which auto_now(_add) would otherwise overwrite with now.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models, transaction

BATCH_ROWS = 20_000


def _batches(objects: Iterable[models.Model], size: int) -> Iterator[list[models.Model]]:
    iterator = iter(objects)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Insert `objects` (unsaved, primary keys set or database-generated) as they are; the count."""
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
    ]
    count = 0
    for batch in _batches(objects, BATCH_ROWS):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy(model, fields, batch)
            else:
                _bulk_create(model, batch)
        count += len(batch)
    return count


def _copy(model: type[models.Model], fields: list[models.Field], batch: list[models.Model]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in batch:
            copy.write_row(
                [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
            )


def _bulk_create(model: type[models.Model], batch: list[models.Model]) -> None:
    stamped = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    try:
        for field in stamped:
            field.auto_now = field.auto_now_add = False
        model.objects.bulk_create(batch)
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def bulk_set(model: type[models.Model], objects: list[models.Model], field_names: list[str]) -> None:
    """Write these fields of each object to its row: one UPDATE statement run for every object
    (`executemany`, a pipeline on psycopg), values prepared by the model's own fields.

    Django's `bulk_update` builds a CASE per field with a WHEN per row: compiling it for 20 rows and
    6 fields took longer than the 20 webhook POSTs whose outcomes it stored.
    """
    if not objects:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    pk = model._meta.pk
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [pk.get_db_prep_value(obj.pk, connection)]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s", rows
        )
