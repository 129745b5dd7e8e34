"""Unpaged lists of many rows are streamed: the JSON array is written chunk by chunk from a
server-side cursor (or, behind PgBouncer in transaction mode, from keyset chunks: core/keyset.py), so a worker's memory stays flat whatever the number of rows (about 100 MB at
100,000 candidates instead of about 290 MB; bench/api.py measures it).

A list first reads up to STREAM_MIN_ROWS + 1 rows. When that is all of it, the answer is the usual
rendered response (one query, as before). Otherwise it counts the rows for `X-Total-Count` and
streams: the rows already read, then the rest of the same cursor. Everything that can fail with a
clear JSON error (filters, `page`/`limit`, authentication, the rate limit) has been checked before
the first byte; the bytes are those of the renderer (same separators, same escapes).
"""

import itertools
from collections.abc import Iterator

import orjson
from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from core.keyset import keyset_iterator
from onef_api import renderers
from onef_api.pagination import DEFAULT_LIMIT, headers_of

STREAM_MIN_ROWS = 1000
CHUNK_ROWS = 2000


def _array_items(rows: list) -> bytes:
    """`rows` rendered as the inside of a JSON array (no brackets), as the renderer writes them."""
    try:
        return renderers.dumps(rows)[1:-1]
    except orjson.JSONEncodeError:  # a value orjson cannot write the same way: DRF's renderer
        return JSONRenderer().render(rows)[1:-1]


def json_array(first: list, rest: Iterator) -> Iterator[bytes]:
    """The rows already read, then the rest of the cursor; closing the response (a finished or a
    dropped stream) closes the cursor at once, not whenever the generator is collected."""
    try:
        yield b"["
        separator = b""
        iterator = itertools.chain(first, rest)
        while chunk := list(itertools.islice(iterator, CHUNK_ROWS)):
            yield separator + _array_items(chunk)
            separator = b","
        yield b"]"
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()


def stream_or_rows(request: Request, queryset: QuerySet) -> tuple[StreamingHttpResponse | None, list]:
    """(a streamed response, []) when the unpaged list has more than STREAM_MIN_ROWS rows, else
    (None, every row) for the caller to answer as usual."""
    if settings.STREAM_WITH_KEYSET:  # behind PgBouncer in transaction mode (recruitment/database_settings.py)
        rows = keyset_iterator(queryset, CHUNK_ROWS)
    else:
        rows = queryset.iterator(chunk_size=CHUNK_ROWS)
    first = list(itertools.islice(rows, STREAM_MIN_ROWS + 1))
    if len(first) <= STREAM_MIN_ROWS:
        return None, first
    total = queryset.count()
    response = StreamingHttpResponse(json_array(first, rows), content_type="application/json")
    for name, value in headers_of(request, total, None, DEFAULT_LIMIT).items():
        response[name] = value
    return response, []
