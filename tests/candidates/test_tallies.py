"""On PostgreSQL the dashboards' totals come from tallies kept by triggers: after every kind of write
(create, status change by a service or a bulk update, cascade delete, bulk COPY) they equal the
counts taken from the tables."""

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.utils import timezone

from candidates.models import Application, Candidate
from candidates.selectors import candidate_counts, candidate_counts_counted
from candidates.services import candidate_status_change
from core.tallies import TriggerFunction
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, VacancyFactory
from tests_app.models import Attempt
from tests_app.selectors import attempt_counts
from tests_app.selectors.exports import attempt_counts_counted

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are PostgreSQL triggers"),
]


def assert_tallies_match() -> None:
    assert candidate_counts() == candidate_counts_counted()
    assert attempt_counts() == attempt_counts_counted()


def test_tallies_follow_candidates_applications_and_attempts_through_every_kind_of_write():
    people = [CandidateFactory(status=status) for status in ("new", "new", "reviewing", "accepted")]
    assert_tallies_match()
    candidate_status_change(candidate=people[0], status="accepted", actor_label="test")
    Candidate.objects.filter(pk__in=[people[1].pk, people[2].pk]).update(status="rejected")
    Candidate.objects.filter(pk=people[3].pk).update(ai_rating=5)  # no status change
    assert_tallies_match()

    first, second = VacancyFactory(), VacancyFactory()
    ApplicationFactory(candidate=people[0], vacancy=first)
    ApplicationFactory(candidate=people[0], vacancy=second)
    only = ApplicationFactory(candidate=people[1], vacancy=first)
    assert_tallies_match()
    Application.objects.filter(candidate=people[0], vacancy=first).delete()  # one of two: still applied
    only.delete()  # the last one: no longer applied
    assert_tallies_match()

    pending = AttemptFactory(candidate=people[0])
    other = AttemptFactory(candidate=people[0])
    AttemptFactory(candidate=people[2], status="passed", started_at=timezone.now())
    assert_tallies_match()
    Attempt.objects.filter(pk=pending.pk).update(status="in_progress", started_at=timezone.now())
    assert_tallies_match()
    Attempt.objects.filter(pk=pending.pk).update(status="failed")
    Attempt.objects.filter(pk=other.pk).update(last_heartbeat_at=pending.created_at)  # no status change
    assert_tallies_match()
    Attempt.objects.filter(candidate=people[0]).update(status="pending", started_at=None)
    assert_tallies_match()

    people[0].delete()  # cascades to its applications and attempts
    Candidate.objects.filter(pk=people[2].pk).delete()
    assert_tallies_match()


def test_bulk_seeding_through_copy_is_counted():
    call_command("seed_demo", candidates=500)
    counts = candidate_counts()
    assert counts["registered"] >= 550 and counts["applied"] > 250
    assert attempt_counts()["test_started"] > 0
    assert_tallies_match()
    Candidate.objects.filter(email__startswith="bulk", status="new").update(status="reviewing")
    Attempt.objects.filter(status="pending").update(status="in_progress", started_at=timezone.now())
    assert_tallies_match()


def test_every_migrate_gives_an_existing_database_the_current_trigger_definitions():
    stale = TriggerFunction("candidates_tally_statuses", "")  # an older definition: counts nothing
    with connection.cursor() as cursor:
        cursor.execute(stale.create())
    CandidateFactory()
    assert candidate_counts() != candidate_counts_counted()

    with connection.cursor() as cursor:  # as after a migration: no foreign key checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert_tallies_match()
    CandidateFactory(status="accepted")
    assert_tallies_match()


def test_a_merge_and_its_undo_keep_the_tallies_exact():
    from candidates.services import candidate_merge, candidate_merge_undo

    kept, merged, lone = CandidateFactory(), CandidateFactory(telegram_id=None), CandidateFactory()
    ApplicationFactory(candidate=kept)
    ApplicationFactory(candidate=merged)
    both = VacancyFactory()
    ApplicationFactory(candidate=kept, vacancy=both)
    ApplicationFactory(candidate=merged, vacancy=both)
    empty, gains = CandidateFactory(telegram_id=None), CandidateFactory(telegram_id=None)
    ApplicationFactory(candidate=gains)
    assert_tallies_match()

    merge = candidate_merge(kept=kept, merged=merged, actor=None)
    assert_tallies_match()
    assert candidate_counts()["registered"] == 4  # the stub is no registration of its own
    other = candidate_merge(kept=empty, merged=gains, actor=None)  # a record without applications gains some
    assert_tallies_match()

    candidate_merge_undo(merge=merge, actor=None)
    candidate_merge_undo(merge=other, actor=None)
    assert_tallies_match()
    assert candidate_counts()["registered"] == 5 and lone
    Application.objects.filter(candidate=kept).update(status="reviewing")  # no candidate change
    assert_tallies_match()
