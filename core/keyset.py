"""Reading a long ordered query in chunks without a server-side cursor: keyset pagination.

Behind PgBouncer in transaction mode a server-side cursor does not survive its transaction (the
next FETCH may reach another server connection), so `QuerySet.iterator()` cannot stream there.
`keyset_iterator` gives the same rows in the same order instead: each chunk is the queryset,
filtered to the rows after the last one read (by every field of the ordering, the primary key
last), limited to `chunk_size`. One chunk is in memory at a time, as with the cursor.

The queryset must be a `.values()` query whose rows hold every field of its ordering; the ordering
is made of field names (no expressions) and is completed with the primary key when that is not in
it already. NULLs sort where the database puts them (PostgreSQL: last ascending, first descending).
"""

from collections.abc import Iterator

from django.db import connections
from django.db.models import Q, QuerySet

NOTHING = Q(pk__in=[])


def ordering_of(queryset: QuerySet) -> list[tuple[str, bool]]:
    """(field, descending) pairs of the queryset's ordering, ending with the primary key."""
    query = queryset.query
    names = list(query.order_by or (query.get_meta().ordering if query.default_ordering else []))
    pk = queryset.model._meta.pk.name
    ordering = []
    for name in names:
        if not isinstance(name, str) or name == "?":
            raise ValueError(f"keyset iteration needs an ordering by field names, not {name!r}")
        descending = name.startswith("-")
        field = name.lstrip("-")
        ordering.append((pk if field == "pk" else field, descending))
    if pk not in {field for field, _ in ordering}:
        ordering.append((pk, False))
    return ordering


def _beyond(field: str, descending: bool, value, nulls_after: bool) -> Q:
    """The rows that come after `value` in this one field's order."""
    if value is None:
        return NOTHING if nulls_after else Q(**{f"{field}__isnull": False})
    strictly = Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
    return strictly | Q(**{f"{field}__isnull": True}) if nulls_after else strictly


def rows_after(ordering: list[tuple[str, bool]], row: dict, *, nulls_largest: bool) -> Q:
    """The rows after `row` in `ordering`: equal on the first fields, beyond on the next one."""
    condition, equal = NOTHING, Q()
    for field, descending in ordering:
        value = row[field]
        condition |= equal & _beyond(field, descending, value, nulls_after=nulls_largest != descending)
        equal &= Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})
    return condition


def keyset_iterator(queryset: QuerySet, chunk_size: int) -> Iterator[dict]:
    """Every row of the `.values()` queryset, in its order, read `chunk_size` rows per query."""
    ordering = ordering_of(queryset)
    selected = {*queryset.query.values_select, *queryset.query.annotation_select}
    if missing := [field for field, _ in ordering if field not in selected]:
        raise ValueError(f"keyset iteration needs {missing[0]!r} among the values of the rows")
    ordered = queryset.order_by(*[f"-{field}" if descending else field for field, descending in ordering])
    nulls_largest = connections[queryset.db].features.nulls_order_largest
    last = None
    while True:
        chunk_query = (
            ordered
            if last is None
            else ordered.filter(rows_after(ordering, last, nulls_largest=nulls_largest))
        )
        chunk = list(chunk_query[:chunk_size])
        yield from chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1]
