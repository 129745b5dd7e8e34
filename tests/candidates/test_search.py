"""candidates_search: name, email, phone and CV; full-text with ranking on PostgreSQL, contains elsewhere."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from candidates.models import Candidate
from candidates.search import SEARCH_INDEX_NAME
from candidates.selectors import candidates_search
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def found(text: str) -> set[str]:
    return set(candidates_search(Candidate.objects.all(), text=text).values_list("name", flat=True))


@pytest.fixture
def people():
    CandidateFactory(name="Alma", surname="Rossi", email="alma.rossi@example.org", phone="+4915112345678",
                     cv_text="Five years of Python and Django; PostgreSQL tuning.")  # fmt: skip
    CandidateFactory(name="Boris", surname="Petrov", cv_text="Разработчик на Python, опыт с Kafka.")
    CandidateFactory(name="Cleo", surname="Adams", cv_text="Accounting and Excel.")


def test_finds_by_a_word_of_the_cv_the_name_the_email_and_the_phone(people):
    assert found("python") == {"Alma", "Boris"}
    assert found("Kafka") == {"Boris"}
    assert found("petrov") == {"Boris"}
    assert found("alma.rossi@example.org") == {"Alma"}
    assert found("+49 151 1234 5678") == {"Alma"}


def test_an_empty_or_blank_query_finds_everyone(people):
    assert found("  ") == {"Alma", "Boris", "Cleo"}


def test_a_word_nobody_has_finds_nobody(people):
    assert found("haskell") == set()


@postgres_only
def test_full_text_stems_russian_and_english_words_and_ranks_the_best_first(people):
    CandidateFactory(name="Dana", cv_text="Python. Python developer, Python teacher, Python everywhere.")
    assert found("разработчика") == {"Boris"}  # russian stemming: разработчик
    assert found("tuned") >= {"Alma"}  # english stemming: tuning / tuned
    ranked = candidates_search(Candidate.objects.all(), text="python").order_by("-search_rank")
    assert ranked.first().name == "Dana"


@postgres_only
def test_full_text_is_served_by_the_gin_index_of_the_migration(people):
    """The suite runs without migrations: the test builds the index the way migration 0006 does, so
    a drift between the migration's expression and the selector's fails here."""
    migration = importlib.import_module("candidates.migrations.0006_candidate_search_index")
    with connection.schema_editor() as editor:
        migration.create_index(django_apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    plan = candidates_search(Candidate.objects.all(), text="python").order_by("-search_rank").explain()
    assert SEARCH_INDEX_NAME in plan
