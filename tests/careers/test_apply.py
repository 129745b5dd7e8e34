import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application, Candidate, HistoryKind
from tests.careers.conftest import PDF
from tests.factories import CandidateFactory, VacancyFactory
from tests.webhooks.conftest import received_bodies

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    data = {
        "name": "Anna",
        "surname": "Smirnova",
        "email": "anna@example.com",
        "phone": "8 916 765-43-21",
        "dob": "1995-04-12",
        "cv": SimpleUploadedFile("Anna CV.pdf", PDF, content_type="application/pdf"),
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply(client, vacancy, **overrides):
    return client.post(reverse("careers:apply", args=[vacancy.id]), form(**overrides))


def test_a_web_application_creates_the_candidate_and_announces_new_application(
    client, onef_receiver, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.DATA_POLICY_VERSION = "2026-11"
    onef_receiver.expect_request("/onef/webhook").respond_with_data("", status=200)
    vacancy = VacancyFactory(name="Python Developer")
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, vacancy)

    assert response.status_code == 302
    assert response["Location"] == reverse("careers:applied", args=[vacancy.id])
    candidate = Candidate.objects.get()
    assert (candidate.fullname, candidate.email, candidate.phone) == (
        "Anna Smirnova",
        "anna@example.com",
        "+79167654321",
    )
    assert candidate.telegram_id is None
    assert candidate.dob == dt.date(1995, 4, 12)
    assert candidate.consent_policy_version == "2026-11"
    assert before <= candidate.consent_at <= timezone.now()
    application = Application.objects.get(candidate=candidate, vacancy=vacancy)
    assert application.cv_file.read() == PDF
    assert application.screened_at is not None
    assert candidate.history.filter(kind=HistoryKind.APPLIED, actor_label="careers page").exists()
    [body] = received_bodies(onef_receiver)
    assert body["requestBody"]["event_type"] == "new_application"
    assert body["requestBody"]["vacancy_id"] == vacancy.id
    assert body["requestBody"]["candidate"]["telegram_id"] is None


def test_the_thank_you_page_follows_the_application(client):
    vacancy = VacancyFactory(name="Python Developer")

    page = client.get(apply(client, vacancy)["Location"]).content.decode()

    assert "received your application for Python Developer" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cv": SimpleUploadedFile("photo.png", b"\x89PNG....")}, "PDF, DOCX or TXT"),
        ({"cv": SimpleUploadedFile("cv.pdf", b"")}, "empty"),
        ({"cv": None}, "This field is required"),
        ({"phone": "12"}, "Enter a valid phone number"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"dob": "2024-01-01"}, "14 to 100 years old"),
        ({"consent": None}, "Please accept the data-processing policy"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(client, overrides, message):
    vacancy = VacancyFactory()

    response = apply(client, vacancy, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Candidate.objects.exists()


def test_every_description_a_field_points_at_is_on_the_page_once(client):
    html = apply(client, VacancyFactory(), email="not-an-email", consent=None).content.decode()
    pointed = [target for ids in re.findall(r'aria-describedby="([^"]+)"', html) for target in ids.split()]
    assert {"policy", "id_email-error", "id_consent-error", "id_cv-help"} <= set(pointed)
    for target in pointed:
        assert html.count(f'id="{target}"') == 1, target


def test_a_cv_over_the_size_limit_is_refused(client, settings):
    settings.CV_MAX_BYTES = 2048
    vacancy = VacancyFactory()

    response = apply(client, vacancy, cv=SimpleUploadedFile("cv.txt", b"x" * 4096))

    assert response.status_code == 400
    assert "The CV must be at most" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_filled_honeypot_is_refused_as_automated(client):
    vacancy = VacancyFactory()

    response = apply(client, vacancy, website="http://spam.example")

    assert response.status_code == 400
    assert "looks automated" in response.content.decode()
    assert not Candidate.objects.exists()


def test_too_many_submissions_from_one_address_get_429(client, settings):
    settings.CAREERS_APPLY_RATE = "2/h"
    vacancies = VacancyFactory.create_batch(3)

    statuses = [
        apply(client, vacancy, email=f"a{n}@example.com").status_code for n, vacancy in enumerate(vacancies)
    ]

    assert statuses == [302, 302, 429]
    assert Application.objects.count() == 2


def test_form_mistakes_do_not_use_up_the_limit_but_bot_submissions_do(client, settings):
    settings.CAREERS_APPLY_RATE = "2/h"
    vacancy = VacancyFactory()

    assert [apply(client, vacancy, phone="12").status_code for _ in range(3)] == [400, 400, 400]
    assert apply(client, vacancy, website="x").status_code == 400
    assert apply(client, vacancy).status_code == 302
    assert apply(client, VacancyFactory()).status_code == 429


def test_a_returning_applicant_with_the_same_email_and_phone_is_the_same_candidate(client):
    existing = CandidateFactory(email="Anna@Example.com", phone="+79167654321", telegram_id=None)
    vacancy = VacancyFactory()

    assert apply(client, vacancy).status_code == 302

    assert Candidate.objects.get() == existing
    existing.refresh_from_db()
    assert existing.consent_at is not None
    assert Application.objects.filter(candidate=existing, vacancy=vacancy).exists()


def test_the_same_email_with_another_phone_joins_the_record_without_changing_it(client):
    existing = CandidateFactory(
        name="Anna", email="anna@example.com", phone="+79161112233", dob=dt.date(1991, 5, 5), telegram_id=None
    )
    vacancy = VacancyFactory()

    assert apply(client, vacancy, name="Someone").status_code == 302

    assert Candidate.objects.get() == existing
    existing.refresh_from_db()
    assert (existing.name, existing.phone, existing.dob) == ("Anna", "+79161112233", dt.date(1991, 5, 5))
    assert existing.applications.get().vacancy == vacancy
    joined = existing.history.get(kind=HistoryKind.JOINED_EXISTING)
    assert joined.details == {"via": "careers", "matched_on": "email"}


def test_applying_twice_answers_like_a_first_application_and_stores_nothing_new(client):
    vacancy = VacancyFactory()
    first = apply(client, vacancy)

    second = apply(client, vacancy)

    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Application.objects.count() == 1


def test_a_closed_vacancy_takes_no_application(client):
    vacancy = VacancyFactory(is_published=False)

    assert apply(client, vacancy).status_code == 404
    assert not Candidate.objects.exists()
