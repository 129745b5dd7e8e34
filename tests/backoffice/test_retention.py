"""The retention rule: candidates rejected or inactive for CANDIDATE_RETENTION_DAYS are anonymised."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.retention import candidates_due_for_anonymisation, candidates_retention_anonymize
from backoffice.tasks import anonymize_retained_candidates
from candidates.models import Candidate, HistoryEntry, HistoryKind
from messaging.models import Message
from recruitment.celery import app
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, MessageFactory

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - dt.timedelta(days=400)


def _aged(candidate: Candidate, when: dt.datetime = LONG_AGO) -> Candidate:
    Candidate.objects.filter(pk=candidate.pk).update(updated_at=when, created_at=when)
    return candidate


def _age_rows(model, candidate: Candidate, field: str, when: dt.datetime = LONG_AGO) -> None:
    model.objects.filter(candidate=candidate).update(**{field: when})


@pytest.fixture(autouse=True)
def _a_year(settings):
    settings.CANDIDATE_RETENTION_DAYS = 365


def test_inactive_and_long_rejected_candidates_are_due_and_active_ones_are_not():
    inactive = _aged(CandidateFactory(status="reviewing"))
    rejected = _aged(CandidateFactory(status="rejected"))
    MessageFactory(candidate=rejected)  # still writing, but rejected a year ago
    recent = CandidateFactory(status="rejected")
    messaged = _aged(CandidateFactory())
    MessageFactory(candidate=messaged)
    tested = _aged(CandidateFactory())
    AttemptFactory(candidate=tested)
    applied = _aged(CandidateFactory())
    ApplicationFactory(candidate=applied)

    due = set(candidates_due_for_anonymisation())

    assert due == {inactive, rejected}
    assert recent not in due


def test_old_activity_does_not_keep_a_candidate():
    candidate = _aged(CandidateFactory())
    MessageFactory(candidate=candidate)
    _age_rows(Message, candidate, "created_at")
    _aged(candidate)

    assert list(candidates_due_for_anonymisation()) == [candidate]


def test_the_beat_task_anonymises_the_due_candidates_everywhere():
    candidate = _aged(CandidateFactory(name="Olga", email="olga@example.com", telegram_id=424242))
    MessageFactory(candidate=candidate, text="my phone is +79160000000")
    _age_rows(Message, candidate, "created_at")
    _aged(candidate)
    kept = CandidateFactory(name="Petr")

    assert anonymize_retained_candidates() == 1

    candidate.refresh_from_db()
    assert candidate.anonymized_at is not None
    assert (candidate.name, candidate.email, candidate.telegram_id) == ("Anonymised", "", None)
    assert "+7916" not in Message.objects.get(candidate=candidate).text
    entry = HistoryEntry.objects.get(candidate=candidate, kind=HistoryKind.ANONYMISED)
    assert (entry.actor, entry.actor_label) == (None, "retention rule")
    kept.refresh_from_db()
    assert kept.anonymized_at is None
    assert list(candidates_due_for_anonymisation()) == []  # anonymised once, not again
    assert candidates_retention_anonymize() == 0


def test_zero_days_turns_the_rule_off(settings):
    settings.CANDIDATE_RETENTION_DAYS = 0
    _aged(CandidateFactory(status="rejected"))

    assert list(candidates_due_for_anonymisation()) == []
    assert candidates_retention_anonymize() == 0


def test_the_rule_runs_on_the_beat_schedule():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert "backoffice.tasks.anonymize_retained_candidates" in tasks


def test_the_dashboard_lists_who_is_due(hr_client):
    due = _aged(CandidateFactory(name="Ivan", surname="Due"))
    CandidateFactory(name="Anna", surname="Active")

    body = hr_client.get(reverse("admin:index")).content.decode()

    section = body.split('id="hr-retention-due"', 1)[1].split("</div>", 1)[0]
    assert str(due) in section
    assert "Anna" not in section


def test_the_dashboard_hides_the_list_when_the_rule_is_off(hr_client, settings):
    settings.CANDIDATE_RETENTION_DAYS = 0

    assert 'id="hr-retention-due"' not in hr_client.get(reverse("admin:index")).content.decode()
