"""Every back-office page an HR manager uses resolves and opens under its usual URL name."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, TestFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:index",
    "admin:candidates_candidate_changelist",
    "admin:candidates_candidate_add",
    "admin:candidates_vacancy_changelist",
    "admin:candidates_application_changelist",
    "admin:candidates_aianalysis_changelist",
    "admin:candidates_grade_changelist",
    "admin:tests_app_test_changelist",
    "admin:tests_app_test_import",
    "admin:tests_app_question_changelist",
    "admin:tests_app_attempt_changelist",
    "admin:tests_app_attemptforreview_changelist",
    "admin:messaging_message_changelist",
    "admin:webhooks_delivery_changelist",
]


@pytest.mark.parametrize("name", PAGES)
def test_the_page_opens_for_an_hr_manager(hr_client, name):
    assert hr_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin:candidates_candidate_change", 200),
        ("admin:candidates_candidate_export", 200),
        ("admin:candidates_candidate_anonymize", 200),
        ("admin:candidates_candidate_cv", 404),  # no CV uploaded: a clear 404, not a 500
    ],
)
def test_the_candidate_pages_open_for_an_hr_manager(hr_client, name, status):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)

    assert hr_client.get(reverse(name, args=[candidate.pk])).status_code == status


def test_the_test_and_attempt_pages_open_for_an_hr_manager(hr_client):
    attempt = AttemptFactory(test=TestFactory())

    assert hr_client.get(reverse("admin:tests_app_test_change", args=[attempt.test.pk])).status_code == 200
    assert hr_client.get(reverse("admin:tests_app_attempt_change", args=[attempt.pk])).status_code == 200
