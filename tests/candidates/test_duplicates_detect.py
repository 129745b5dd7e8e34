"""duplicates_detect: probable duplicates are listed for HR (never merged): the same phone, email
or CV text, or the same name with a similar phone or email."""

import io

import pytest
from django.core.management import call_command

from candidates.models import DuplicatePair, DuplicateReason, DuplicateState
from candidates.services import duplicate_dismiss, duplicates_detect
from candidates.services.duplicates import emails_similar, phones_similar
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("+79167654321", "+79167654322", True),  # one digit off
        ("+79167654321", "+79167654312", True),  # two neighbours swapped
        ("+79167654321", "+89167654321", True),  # another country code, same national number
        ("+79167654321", "+79161112233", False),
        ("", "+79167654321", False),
    ],
)
def test_phones_similar(a, b, similar):
    assert phones_similar(a, b) is similar


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("anna.smirnova@example.com", "annasmirnova@gmail.com", True),  # dots ignored, any domain
        ("anna+jobs@example.com", "Anna@example.org", True),  # +tag ignored, case folded
        ("asmirnova@example.com", "asmirnowa@example.com", True),  # one character off
        ("anna@example.com", "boris@example.com", False),
        ("", "anna@example.com", False),
    ],
)
def test_emails_similar(a, b, similar):
    assert emails_similar(a, b) is similar


def test_the_same_name_with_a_similar_phone_is_a_probable_duplicate():
    older = CandidateFactory(name="Anna", surname="Smirnova", phone="+79167654321")
    newer = CandidateFactory(name="anna", surname="SMIRNOVA", phone="+79167654322")
    CandidateFactory(name="Anna", surname="Petrova", phone="+79167654323")  # another name

    assert duplicates_detect(candidate=newer) == 1

    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second, pair.reason) == (older, newer, DuplicateReason.NAME_SIMILAR_PHONE)


def test_the_same_cv_text_under_another_name_is_a_probable_duplicate():
    one = CandidateFactory(cv_text="Ten years of Django.\n")
    other = CandidateFactory(cv_text="  Ten years of Django.")
    assert one.cv_text_hash == other.cv_text_hash != ""
    duplicates_detect(candidate=other)
    assert DuplicatePair.objects.get().reason == DuplicateReason.SAME_CV


def test_a_dismissed_pair_is_not_suggested_again_and_anonymised_records_are_never_paired():
    first = CandidateFactory(email="same@example.com")
    second = CandidateFactory(email="SAME@example.com")
    CandidateFactory(email="same@example.com", anonymized_at="2026-01-01T00:00Z")
    duplicates_detect(candidate=second)
    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.reason) == (first, DuplicateReason.SAME_EMAIL)

    duplicate_dismiss(pair=pair, actor=None)

    assert duplicates_detect(candidate=second) == 0
    assert DuplicatePair.objects.get().state == DuplicateState.DISMISSED


def test_the_command_checks_everyone_and_says_how_many_pairs_are_new():
    CandidateFactory(phone="+79167654321")
    CandidateFactory(phone="+79167654321")
    out = io.StringIO()
    call_command("find_duplicates", stdout=out)
    assert out.getvalue().strip() == "1 new possible duplicate pair(s)."
    call_command("find_duplicates", stdout=out)
    assert DuplicatePair.objects.count() == 1


@pytest.mark.usefixtures("eager_celery")
def test_once_the_screening_stored_a_cv_its_twin_under_another_record_is_listed(
    django_capture_on_commit_callbacks,
):
    from candidates.services import application_create
    from tests.candidates.screening.cv_files import attach_cv, pdf_bytes
    from tests.factories import VacancyFactory

    text = "Python developer, 5 years: Django, PostgreSQL, Celery. English B2."
    first = attach_cv(CandidateFactory(), pdf_bytes(text), "cv.pdf")
    second = attach_cv(CandidateFactory(), pdf_bytes(text), "mine.pdf")
    for candidate in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            application_create(candidate=candidate, vacancy=VacancyFactory(), source="careers")

    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second, pair.reason) == (first, second, DuplicateReason.SAME_CV)
