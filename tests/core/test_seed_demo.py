import datetime as dt

import pytest
from django.core.management import call_command

from candidates.models import Application, Candidate, Grade, Vacancy
from messaging.models import Message
from tests_app.models import TEXT_QUESTION_KINDS, Attempt, AttemptStatus, QuestionKind, Test

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Candidate, Vacancy, Application, Test, Attempt, Message, Grade)
    }


def test_seed_demo_creates_realistic_data_with_every_attempt_status():
    call_command("seed_demo")

    assert Candidate.objects.filter(telegram_id__isnull=False).count() == 50
    assert set(Vacancy.objects.values_list("source", flat=True)) == {"internal", "external"}
    assert Test.objects.count() == 3
    assert set(Attempt.objects.values_list("status", flat=True)) == set(AttemptStatus.values)
    assert set(Message.objects.values_list("direction", flat=True)) == {"inbound", "outbound"}
    assert Grade.objects.exists()
    kinds = {q.kind for test in Test.objects.all() for q in test.questions.all()}
    assert kinds == set(QuestionKind.values)


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    first = counts()

    call_command("seed_demo")

    assert counts() == first


def test_seed_demo_adds_bulk_candidates_on_request():
    call_command("seed_demo")
    before = Candidate.objects.count()

    call_command("seed_demo", candidates=120)
    call_command("seed_demo", candidates=30)

    assert Candidate.objects.count() == before + 150
    assert Candidate.objects.values("telegram_id").distinct().count() == Candidate.objects.count()


def test_demo_tests_do_not_always_put_the_correct_choice_first():
    call_command("seed_demo")

    firsts = [
        question.choices.order_by("order").first().is_correct
        for test in Test.objects.all()
        for question in test.questions.exclude(kind__in=TEXT_QUESTION_KINDS)
    ]
    assert firsts
    assert not all(firsts)


def test_bulk_candidates_look_like_a_pipeline_spread_over_time(settings):
    call_command("seed_demo")
    bulk = Candidate.objects.filter(email__startswith="bulk")
    call_command("seed_demo", candidates=400)

    assert bulk.count() == 400
    assert bulk.values("status").distinct().count() >= 5
    oldest, newest = bulk.order_by("created_at").first(), bulk.order_by("created_at").last()
    assert newest.created_at - oldest.created_at > dt.timedelta(days=600)
    assert newest.updated_at == newest.created_at  # the given times are kept, not "now"
    applied = Application.objects.filter(candidate__in=bulk)
    assert bulk.count() * 0.5 < applied.values("candidate").distinct().count() < bulk.count()
    attempts = Attempt.objects.filter(candidate__in=bulk)
    assert attempts.filter(status="pending").exists() and attempts.filter(status="passed").exists()
    assert not attempts.filter(candidate__status="new").exists()
