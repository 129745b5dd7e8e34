"""Finding candidates by a word of their name, email, phone or CV.

On PostgreSQL: full-text search over each candidate's stored document (`CandidateSearch`, kept by a
trigger: candidates/search_sql.py) parsed with three configurations (`simple` for names, emails,
phones and any language; `russian` and `english` for stemmed CV words), served by a GIN index and
ranked. Elsewhere (SQLite in development and tests): a case-insensitive contains over the same fields.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from candidates.models import Candidate

TEXT_FIELDS = ("fullname", "email", "phone", "cv_text")
CONFIGS = ("simple", "russian", "english")
MAX_QUERY_CHARS = 200
PHONE_LIKE = re.compile(r"^[\d\s()+-]{4,}$")


def search_query(text: str) -> SearchQuery:
    query = SearchQuery(text, config=CONFIGS[0], search_type="websearch")
    for config in CONFIGS[1:]:
        query = query | SearchQuery(text, config=config, search_type="websearch")
    return query


def full_text_supported() -> bool:
    return connection.vendor == "postgresql"


def _exact_contact(text: str) -> Q | None:
    """Emails and phone numbers are matched as typed too (the parser splits them into pieces)."""
    if "@" in text:
        return Q(email__iexact=text)
    if PHONE_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        return Q(phone__contains=digits) if digits else None
    return None


def candidates_matching(queryset: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    """The candidates of `queryset` matching `text`; annotated `search_rank` (best first) on PostgreSQL."""
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    if not text:
        return queryset
    contact = _exact_contact(text)
    if not full_text_supported():
        words = Q()
        for word in text.split():
            words &= Q(*(Q(**{f"{field}__icontains": word}) for field in TEXT_FIELDS), _connector=Q.OR)
        return queryset.filter(words | contact if contact is not None else words)
    query = search_query(text)
    condition = Q(search__document=query)
    if contact is not None:
        condition |= contact
    return queryset.filter(condition).annotate(search_rank=SearchRank(F("search__document"), query))
