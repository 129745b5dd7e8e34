"""Vacancy, application and grade admins: publish/unpublish, counts per status, services on add."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from candidates.models import Application, Grade, HistoryEntry, HistoryKind, Vacancy
from tests.factories import ApplicationFactory, CandidateFactory, GradeFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def test_publish_and_unpublish_actions(hr_client):
    open_vacancy, closed = VacancyFactory(), VacancyFactory(is_published=False)
    url = reverse("admin:candidates_vacancy_changelist")
    hr_client.post(url, {"action": "unpublish", ACTION_CHECKBOX_NAME: [open_vacancy.pk]})
    hr_client.post(url, {"action": "publish", ACTION_CHECKBOX_NAME: [closed.pk]})
    assert Vacancy.objects.get(pk=open_vacancy.pk).is_published is False
    assert Vacancy.objects.get(pk=closed.pk).is_published is True


def test_vacancy_list_counts_applications_per_candidate_status(hr_client):
    vacancy = VacancyFactory(name="Backend")
    for status in ["new", "new", "rejected"]:
        ApplicationFactory(vacancy=vacancy, candidate=CandidateFactory(status=status))
    ApplicationFactory()  # another vacancy
    response = hr_client.get(reverse("admin:candidates_vacancy_changelist") + "?q=Backend")
    row = response.context["cl"].result_list[0]
    assert (row.n_applications, row.n_new, row.n_rejected, row.n_interview) == (3, 2, 1, 0)
    assert 'data-status="rejected"' in response.content.decode()


def test_vacancy_list_filters_by_source(hr_client):
    VacancyFactory(name="Inside", source="internal")
    VacancyFactory(name="Outside", source="external")
    response = hr_client.get(reverse("admin:candidates_vacancy_changelist") + "?source__exact=external")
    assert [v.name for v in response.context["cl"].result_list] == ["Outside"]


def test_adding_an_application_runs_the_service_and_refuses_closed_vacancies(
    hr_client, django_capture_on_commit_callbacks
):
    candidate, closed = CandidateFactory(), VacancyFactory(is_published=False)
    url = reverse("admin:candidates_application_add")
    response = hr_client.post(url, {"candidate": candidate.pk, "vacancy": closed.pk})
    assert response.status_code == 200
    assert "not open for applications" in response.content.decode()
    vacancy = VacancyFactory()
    with django_capture_on_commit_callbacks() as scheduled:
        assert hr_client.post(url, {"candidate": candidate.pk, "vacancy": vacancy.pk}).status_code == 302
    assert Application.objects.get().vacancy == vacancy
    assert len(scheduled) == 1  # the AI screening is queued, as for the bot and the API


def test_adding_a_grade_records_the_author_and_share_action_announces_it(hr_client, hr_user, grade_shares):
    candidate = CandidateFactory()
    response = hr_client.post(
        reverse("admin:candidates_grade_add"), {"candidate": candidate.pk, "value": "70", "comment": "ok"}
    )
    assert response.status_code == 302
    grade = Grade.objects.get()
    assert grade.created_by == hr_user
    other = GradeFactory()
    hr_client.post(
        reverse("admin:candidates_grade_changelist"),
        {"action": "share_with_onef", ACTION_CHECKBOX_NAME: [grade.pk, other.pk]},
    )
    assert sorted(grade_shares) == sorted([(grade.pk, hr_user), (other.pk, hr_user)])
    entries = HistoryEntry.objects.filter(candidate=candidate).order_by("created_at", "id")
    assert [(e.kind, e.to_value, e.actor) for e in entries] == [
        (HistoryKind.GRADE_ADDED, "70", hr_user),
        (HistoryKind.GRADE_SHARED, "70", hr_user),
    ]


def test_vacancy_list_counts_each_applications_own_stage(hr_client):
    vacancy = VacancyFactory(name="Frontend")
    person = CandidateFactory(status="interview")
    ApplicationFactory(vacancy=vacancy, candidate=person, status="rejected")
    ApplicationFactory(candidate=person, status="interview")  # the same person's other application
    response = hr_client.get(reverse("admin:candidates_vacancy_changelist") + "?q=Frontend")
    row = response.context["cl"].result_list[0]
    assert (row.n_rejected, row.n_interview) == (1, 0)
