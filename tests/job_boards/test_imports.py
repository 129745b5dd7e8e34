"""Responses in: every collection and page of a linked vacancy, once per response and resume, one
candidate per person, the resume PDF as the screened CV, hh's own test score kept."""

import pytest

from candidates.models import Application, ApplicationSource, Candidate
from job_boards.models import HHResponse, LinkState
from job_boards.services.imports import hh_vacancy_import
from tests.candidates.screening.cv_files import pdf_bytes
from tests.factories import ApplicationFactory, CandidateFactory
from tests.job_boards.conftest import WEBHOOK_SECRET  # noqa: F401  (the fixtures' settings)

pytestmark = pytest.mark.django_db


def test_120_responses_are_imported_through_every_page_at_most_50_a_page(hh_link, fake_hh):
    for _ in range(120):
        fake_hh.add_response(hh_link.hh_vacancy_id)

    result = hh_vacancy_import(link=hh_link)

    assert (result.seen, result.created) == (120, 120)
    assert Application.objects.filter(vacancy=hh_link.vacancy, source=ApplicationSource.HH).count() == 120
    assert HHResponse.objects.count() == 120
    pages = [p for m, p in fake_hh.requests if p == "/negotiations/response"]
    assert len(pages) == 3  # 50 + 50 + 20


def test_a_second_import_creates_nothing(hh_link, fake_hh):
    for _ in range(3):
        fake_hh.add_response(hh_link.hh_vacancy_id)
    hh_vacancy_import(link=hh_link)

    again = hh_vacancy_import(link=hh_link)

    assert (again.seen, again.created) == (3, 0)
    assert Candidate.objects.count() == 3 and Application.objects.count() == 3


def test_a_person_known_by_email_stays_one_candidate(hh_link, fake_hh):
    known = CandidateFactory(email="anna@example.com")
    fake_hh.add_response(hh_link.hh_vacancy_id, email="Anna@Example.com")

    hh_vacancy_import(link=hh_link)

    assert Candidate.objects.count() == 1
    assert Application.objects.get().candidate == known


def test_an_existing_application_of_the_same_person_is_linked_not_duplicated(hh_link, fake_hh):
    known = CandidateFactory(phone="+79161234567")
    application = ApplicationFactory(
        candidate=known, vacancy=hh_link.vacancy, source=ApplicationSource.TELEGRAM
    )
    fake_hh.add_response(hh_link.hh_vacancy_id, phone="+7 (916) 123-45-67")

    hh_vacancy_import(link=hh_link)

    assert Application.objects.get() == application
    assert HHResponse.objects.get().application == application


def test_hh_test_score_is_kept(hh_link, fake_hh):
    fake_hh.add_response(hh_link.hh_vacancy_id, test_score=87)
    hh_vacancy_import(link=hh_link)
    response = HHResponse.objects.get()
    assert (response.test_score, response.test_mark) == (87, "GOOD")


def test_a_response_without_a_resume_is_skipped(hh_link, fake_hh):
    fake_hh.add_response(hh_link.hh_vacancy_id, resume=False)
    result = hh_vacancy_import(link=hh_link)
    assert (result.seen, result.created, result.skipped) == (1, 0, 1)


def test_the_resume_pdf_becomes_the_cv_and_is_screened(
    hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    fake_hh.pdf = pdf_bytes("Senior Python developer: Django, PostgreSQL, Celery, 6 years of experience.")
    fake_hh.add_response(hh_link.hh_vacancy_id, first_name="Anna", last_name="Smirnova")

    with django_capture_on_commit_callbacks(execute=True):
        hh_vacancy_import(link=hh_link)

    application = Application.objects.get()
    assert application.cv_file.read() == fake_hh.pdf
    assert application.candidate.fullname == "Anna Smirnova"
    application.refresh_from_db()
    assert application.screened_at is not None
    assert application.ai_rating is not None
    assert "Django" in application.cv_text


def test_a_vacancy_gone_from_hh_is_marked_removed_and_hr_told(hh_link, fake_hh):
    from hr_notifications.models import HRNotification
    from tests.factories import UserFactory

    owner = UserFactory()
    hh_link.vacancy.owner = owner
    hh_link.vacancy.save()
    fake_hh.removed_vacancies.add(hh_link.hh_vacancy_id)

    hh_vacancy_import(link=hh_link)

    hh_link.refresh_from_db()
    assert hh_link.state == LinkState.REMOVED
    assert HRNotification.objects.filter(user=owner, text__contains=hh_link.hh_vacancy_id).exists()


def test_a_busy_hh_is_waited_for(hh_link, fake_hh):
    fake_hh.add_response(hh_link.hh_vacancy_id)
    fake_hh.busy = 2
    assert hh_vacancy_import(link=hh_link).created == 1


def test_a_resume_gone_skips_that_response_not_the_vacancy(hh_link, fake_hh):
    gone = fake_hh.add_response(hh_link.hh_vacancy_id)
    fake_hh.add_response(hh_link.hh_vacancy_id)
    fake_hh.hidden_resumes.add(fake_hh.negotiations[gone]["resume_id"])

    result = hh_vacancy_import(link=hh_link)

    hh_link.refresh_from_db()
    assert (result.created, result.skipped) == (1, 1) and hh_link.state == LinkState.LINKED


def test_a_closed_vacancy_notes_why_nothing_was_imported(hh_link, fake_hh):
    hh_link.vacancy.is_published = False
    hh_link.vacancy.save()
    fake_hh.add_response(hh_link.hh_vacancy_id)

    assert hh_vacancy_import(link=hh_link).created == 0
    hh_link.refresh_from_db()
    assert "not open for applications" in hh_link.last_error
