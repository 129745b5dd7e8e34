"""tests_app.models: what HR reads where the admin names an attempt."""

import pytest
from django.utils import timezone, translation

from tests.factories import AttemptFactory, TestFactory

pytestmark = pytest.mark.django_db


def test_an_attempt_is_named_by_its_test_candidate_and_status_label_in_the_readers_language():
    attempt = AttemptFactory(
        test=TestFactory(title="Python"), status="needs_review", started_at=timezone.now()
    )
    with translation.override("en"):
        assert str(attempt) == f"Python / {attempt.candidate} (Needs Review)"
    with translation.override("ru"):
        assert str(attempt).endswith("(Требует проверки)")
