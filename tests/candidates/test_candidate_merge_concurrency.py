"""A merge under concurrent writes (PostgreSQL, separate connections in threads): rows written to
the merged candidate while the merge runs end on the kept one or wait for it; nothing is left
behind on the stub, and two merges of the same pair at once make one merge."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from candidates.models import Application, Candidate, CandidateMerge
from candidates.services import application_create, candidate_merge
from tests.factories import CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target, results: list):
    def run():
        try:
            results.append(target())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections")
def test_an_application_made_while_the_merge_runs_ends_on_the_kept_candidate():
    kept, merged = CandidateFactory(), CandidateFactory(telegram_id=None)
    vacancies = VacancyFactory.create_batch(6)
    started = threading.Event()
    results: list = []

    def apply_many():
        started.set()
        done = []
        for vacancy in vacancies:
            candidate = Candidate.objects.get(pk=merged.pk)
            done.append(application_create(candidate=candidate, vacancy=vacancy, source="api"))
        return done

    with transaction.atomic():  # hold the merge open while the other connection writes
        writer = _in_thread(apply_many, results)
        started.wait(5)
        candidate_merge(kept=kept, merged=merged, actor=None)
    writer.join(30)

    assert not writer.is_alive()
    assert not isinstance(results[0], Exception), results
    stray = Application.objects.filter(candidate=merged).count()
    assert stray == 0, "an application was left on the stub"
    assert Application.objects.filter(candidate=kept).count() == len(vacancies)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections")
def test_two_merges_of_the_same_pair_at_once_make_one_merge():
    first, second = CandidateFactory(), CandidateFactory(telegram_id=None)
    results: list = []
    threads = [
        _in_thread(lambda: candidate_merge(kept=first, merged=second, actor=None), results),
        _in_thread(lambda: candidate_merge(kept=second, merged=first, actor=None), results),
    ]
    for thread in threads:
        thread.join(30)

    assert CandidateMerge.objects.count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
