"""The tests admin: authoring, JSON import/export, and the review queue with its review page."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AttemptFactory, ProctorEventFactory, UserFactory
from tests_app import selectors, services
from tests_app.models import Answer, Attempt, AttemptStatus, Choice, Test

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def review_attempt(sample_test) -> Attempt:
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    services.answer_save(attempt=attempt, question=sample_test.open, text="The GIL serialises bytecode.")
    ProctorEventFactory(
        attempt=attempt, kind="tab_hidden", occurred_at=attempt.started_at + dt.timedelta(seconds=65)
    )
    ProctorEventFactory(
        attempt=attempt,
        kind="tab_shown",
        duration_ms=70_000,
        occurred_at=attempt.started_at + dt.timedelta(seconds=135),
    )
    return services.attempt_submit(attempt=attempt)


def _review_url(attempt) -> str:
    return reverse("admin:tests_app_attemptforreview_change", args=[attempt.pk])


# --- authoring ---------------------------------------------------------------------------------


def test_a_test_with_questions_can_be_authored_in_one_form(admin_client):
    prefix = "questions"
    data = {
        "title": "SQL basics",
        "description": "Joins and indexes",
        "duration_minutes": "20",
        "pass_threshold": "60",
        "is_active": "on",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-order": "1",
        f"{prefix}-0-kind": "multiple_choice",
        f"{prefix}-0-text": "Which joins keep unmatched rows?",
        f"{prefix}-0-points": "2",
        f"{prefix}-0-scoring": "partial",
        f"{prefix}-1-order": "2",
        f"{prefix}-1-kind": "open_text",
        f"{prefix}-1-text": "When does an index not help?",
        f"{prefix}-1-points": "3",
        f"{prefix}-1-scoring": "all_or_nothing",
    }
    response = admin_client.post(reverse("admin:tests_app_test_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    test = Test.objects.get(title="SQL basics")
    assert [(q.kind, q.points, q.scoring) for q in test.questions.all()] == [
        ("multiple_choice", Decimal("2.00"), "partial"),
        ("open_text", Decimal("3.00"), "all_or_nothing"),
    ]


def test_choices_are_edited_inline_on_the_question(admin_client, sample_test):
    question = sample_test.single
    url = reverse("admin:tests_app_question_change", args=[question.pk])
    choices = list(question.choices.all())
    data = {
        "test": str(sample_test.test.pk),
        "order": "1",
        "kind": "single_choice",
        "text": question.text,
        "points": "2",
        "scoring": "all_or_nothing",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "2",
        "choices-0-id": str(choices[0].pk),
        "choices-0-question": str(question.pk),
        "choices-0-order": "0",
        "choices-0-text": "def",
        "choices-1-id": str(choices[1].pk),
        "choices-1-question": str(question.pk),
        "choices-1-order": "1",
        "choices-1-text": "func",
        "choices-1-is_correct": "on",
        "choices-2-question": str(question.pk),
        "choices-2-order": "2",
        "choices-2-text": "lambda",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("def", False),
        ("func", True),
        ("lambda", False),
    ]


# --- import and export --------------------------------------------------------------------------


def test_export_action_downloads_the_test_as_json(admin_client, sample_test):
    response = admin_client.post(
        reverse("admin:tests_app_test_changelist"),
        {"action": "export_json", "_selected_action": [str(sample_test.test.pk)]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content) == json.loads(
        json.dumps(selectors.test_export(test=Test.objects.get(pk=sample_test.test.pk)))
    )


def test_import_view_creates_the_tests_of_an_uploaded_file(admin_client, sample_test):
    exported = json.dumps(selectors.test_export(test=sample_test.test)).encode()
    changelist = admin_client.get(reverse("admin:tests_app_test_changelist")).content.decode()
    assert reverse("admin:tests_app_test_import") in changelist
    upload = SimpleUploadedFile("test.json", exported, content_type="application/json")
    response = admin_client.post(reverse("admin:tests_app_test_import"), {"file": upload})
    assert response.status_code == 302
    assert Test.objects.filter(title="Python basics").count() == 2
    assert Choice.objects.count() == 10


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"format": "other"}', json.dumps({"format": "recruitment-test", "version": 1}).encode()],
)
def test_import_view_shows_the_error_of_a_bad_file(admin_client, content):
    upload = SimpleUploadedFile("test.json", content, content_type="application/json")
    response = admin_client.post(reverse("admin:tests_app_test_import"), {"file": upload})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Test.objects.exists()


def test_import_view_needs_the_add_permission(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get(reverse("admin:tests_app_test_import")).status_code == 403


# --- the review queue --------------------------------------------------------------------------


def test_the_review_queue_lists_only_attempts_that_need_review(admin_client, review_attempt, sample_test):
    done = AttemptFactory(test=sample_test.test, status=AttemptStatus.PASSED, started_at=timezone.now())
    html = admin_client.get(reverse("admin:tests_app_attemptforreview_changelist")).content.decode()
    assert "Attempts waiting for review" in html
    assert _review_url(review_attempt) in html
    assert str(done.pk) not in html
    assert "major" in html  # the risk column


def test_the_review_queue_runs_the_same_queries_for_more_rows(admin_client, review_attempt, sample_test):
    url = reverse("admin:tests_app_attemptforreview_changelist")
    admin_client.get(url)  # warm the session and content types

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(3):
        other = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
        ProctorEventFactory(attempt=other, kind="paste")
        services.answer_save(attempt=other, question=sample_test.open, text="more")
        services.attempt_submit(attempt=other)
    assert queries() == before


def test_the_review_page_shows_answers_timeline_and_risk(admin_client, review_attempt):
    html = admin_client.get(_review_url(review_attempt)).content.decode()
    assert "The GIL serialises bytecode." in html
    assert 'id="timeline"' in html
    assert "1:05" in html and "2:15" in html  # event offsets since the start
    assert "Risk major: the candidate " in html
    assert "Save and finish the review" in html


def test_the_review_page_renders_question_markdown_with_code_in_monospace(admin_client, review_attempt):
    question = review_attempt.test.questions.first()
    question.text = "What does this print?\n\n```python\nprint(1 + 1)\n```\n\n<script>alert(1)</script>"
    question.save()
    html = admin_client.get(_review_url(review_attempt)).content.decode()
    assert '<pre><code class="language-python"><span class="tok-nb">print</span>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "tests_app/code.css" in html


def test_the_timeline_names_both_browsers_of_a_move(admin_client, review_attempt):
    ProctorEventFactory(
        attempt=review_attempt,
        kind="device_moved",
        details={"from": "Chrome on Android", "to": "Safari on iOS"},
    )
    html = admin_client.get(_review_url(review_attempt)).content.decode()
    assert "Moved to another device" in html
    assert "from Chrome on Android to Safari on iOS" in html
    assert "moved to another device 1 time" in html


def test_the_timeline_of_an_escaped_attempt_ends_with_the_escape(admin_client, review_attempt, settings):
    Attempt.objects.filter(pk=review_attempt.pk).update(status="escaped")
    html = admin_client.get(_review_url(review_attempt)).content.decode()
    assert 'id="closing"' in html
    assert "Escaped" in html
    assert f"more than {settings.TEST_ESCAPE_AFTER_SECONDS} s of silence" in html


def test_saving_points_keeps_the_attempt_in_review(admin_client, review_attempt, sample_test):
    answer = Answer.objects.get(attempt=review_attempt, question=sample_test.open)
    prefix = f"answer-{answer.pk}"
    response = admin_client.post(
        _review_url(review_attempt), {f"{prefix}-points": "3", f"{prefix}-comment": "Good", "_save": "1"}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.points_awarded, answer.reviewer_comment, answer.reviewed_by.is_superuser) == (
        Decimal("3"),
        "Good",
        True,
    )
    review_attempt.refresh_from_db()
    assert review_attempt.status == AttemptStatus.NEEDS_REVIEW


def test_finishing_the_review_regrades_and_moves_the_attempt_on(admin_client, review_attempt, sample_test):
    answer = Answer.objects.get(attempt=review_attempt, question=sample_test.open)
    prefix = f"answer-{answer.pk}"
    response = admin_client.post(
        _review_url(review_attempt), {f"{prefix}-points": "2.5", f"{prefix}-comment": "", "_finish": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tests_app_attemptforreview_changelist")
    review_attempt.refresh_from_db()
    assert (review_attempt.status, review_attempt.score, review_attempt.percentage) == (
        AttemptStatus.PASSED,
        Decimal("4.50"),
        Decimal("56.25"),
    )


@pytest.mark.parametrize("points", ["4.5", "-1", "", "abc"])
def test_invalid_points_are_shown_and_nothing_changes(admin_client, review_attempt, sample_test, points):
    answer = Answer.objects.get(attempt=review_attempt, question=sample_test.open)
    response = admin_client.post(
        _review_url(review_attempt), {f"answer-{answer.pk}-points": points, "_finish": "1"}
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content
    answer.refresh_from_db()
    review_attempt.refresh_from_db()
    assert (answer.points_awarded, review_attempt.status) == (None, AttemptStatus.NEEDS_REVIEW)


def test_a_finished_review_is_read_only(admin_client, review_attempt, sample_test):
    answer = Answer.objects.get(attempt=review_attempt, question=sample_test.open)
    services.answer_review(answer=answer, points=Decimal(1))
    services.attempt_finish_review(attempt=review_attempt)
    html = admin_client.get(_review_url(review_attempt)).content.decode()
    assert "Save and finish the review" not in html
    response = admin_client.post(
        _review_url(review_attempt), {f"answer-{answer.pk}-points": "4", "_finish": "1"}
    )
    assert response.status_code == 403


def test_reviewing_needs_the_attempt_change_permission(client, review_attempt, sample_test):
    viewer = UserFactory(is_staff=True, is_superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_attempt"))
    client.force_login(viewer)
    assert client.get(_review_url(review_attempt)).status_code == 200
    answer = Answer.objects.get(attempt=review_attempt, question=sample_test.open)
    assert client.post(_review_url(review_attempt), {f"answer-{answer.pk}-points": "4"}).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get(_review_url(review_attempt)).status_code == 403


def _choice_post(question, rows: list[tuple[str, bool]]) -> dict:
    data = {
        "test": str(question.test_id),
        "order": "1",
        "kind": question.kind,
        "text": question.text,
        "points": "2",
        "scoring": "all_or_nothing",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
    }
    for i, (text, correct) in enumerate(rows):
        data.update(
            {
                f"choices-{i}-question": str(question.pk),
                f"choices-{i}-order": str(i),
                f"choices-{i}-text": text,
            }
        )
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a", False), ("b", False)], b"Mark at least one choice as correct."),
        ([("a", True), ("b", True)], b"exactly one correct choice"),
    ],
)
def test_the_question_form_refuses_choices_without_a_single_right_answer(admin_client, rows, message):
    from tests.factories import QuestionFactory

    question = QuestionFactory()
    url = reverse("admin:tests_app_question_change", args=[question.pk])
    response = admin_client.post(url, _choice_post(question, rows))
    assert response.status_code == 200
    assert message in response.content
    assert not question.choices.exists()


def test_the_test_form_lists_each_questions_choices_with_the_right_ones_marked(admin_client, sample_test):
    html = admin_client.get(
        reverse("admin:tests_app_test_change", args=[sample_test.test.pk])
    ).content.decode()
    assert "✔ def" in html and "· func" in html


def test_the_attempt_page_links_to_its_review(admin_client, review_attempt):
    html = admin_client.get(
        reverse("admin:tests_app_attempt_change", args=[review_attempt.pk])
    ).content.decode()
    assert _review_url(review_attempt) in html


def test_the_question_page_previews_the_markdown_as_the_candidate_sees_it(admin_client, sample_test):
    question = sample_test.single
    question.text = "What does `f` return?\n\n```python\ndef f():\n    return 1\n```\n\n<b>raw</b>"
    question.save()
    html = admin_client.get(reverse("admin:tests_app_question_change", args=[question.pk])).content.decode()
    assert '<div class="question-preview"><p>What does <code>f</code> return?</p>' in html
    assert '<span class="tok-k">def</span>' in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "tests_app/code.css" in html
    test_page = admin_client.get(reverse("admin:tests_app_test_change", args=[sample_test.test.pk]))
    assert '<span class="tok-k">def</span>' in test_page.content.decode()  # in the inline too


def test_a_code_answer_question_can_be_authored(admin_client, sample_test):
    url = reverse("admin:tests_app_question_add")
    response = admin_client.get(url)
    assert '<option value="code">Code answer</option>' in response.content.decode()
