"""Lists are JSON arrays. `page`/`limit` slice them; the total and the neighbouring pages travel in
the `X-Total-Count` and `Link` headers. Without `page` and `limit` a list returns every row."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


class PageParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False)


PAGE_PARAMETERS = [
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}, description="Page number (from 1)."
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        description=f"Rows per page (1..{MAX_LIMIT}, {DEFAULT_LIMIT} when only `page` is given).",
    ),
]


@dataclass
class Page:
    rows: Sequence
    headers: dict[str, str] = field(default_factory=dict)


def _link(request: Request, page: int, limit: int, rel: str) -> str:
    query = request.query_params.copy()
    query["page"], query["limit"] = str(page), str(limit)
    url = request.build_absolute_uri(request.path) + "?" + urlencode(list(query.lists()), doseq=True)
    return f'<{url}>; rel="{rel}"'


def is_unpaged(request: Request) -> bool:
    return "page" not in request.query_params and "limit" not in request.query_params


def paginate(request: Request, queryset: QuerySet | Sequence) -> Page:
    params = PageParams(data=request.query_params)
    params.is_valid(raise_exception=True)
    page_number, limit = params.validated_data.get("page"), params.validated_data.get("limit")
    if page_number is None and limit is None:
        rows = list(queryset)
        # Everything is here; the links tell a client how to page through the same list instead.
        return Page(rows, headers_of(request, len(rows), None, DEFAULT_LIMIT))
    page_number, limit = page_number or 1, limit or DEFAULT_LIMIT
    total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    offset = (page_number - 1) * limit
    rows = list(queryset[offset : offset + limit]) if offset < total else []
    return Page(rows, headers_of(request, total, page_number, limit))


def headers_of(request: Request, total: int, page_number: int | None, limit: int) -> dict[str, str]:
    last = max((total + limit - 1) // limit, 1)
    links = [_link(request, 1, limit, "first"), _link(request, last, limit, "last")]
    if page_number is not None and page_number > 1:
        links.append(_link(request, min(page_number - 1, last), limit, "prev"))
    if page_number is not None and page_number < last:
        links.append(_link(request, page_number + 1, limit, "next"))
    return {"X-Total-Count": str(total), "Link": ", ".join(links)}
