"""Phone numbers are stored in E.164 (read in PHONE_DEFAULT_REGION without a country code) and shown
formatted; anything else is refused with a clear message."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from candidates.models import Candidate
from candidates.phones import InvalidPhone, phone_display, phone_to_e164
from candidates.services import candidate_create
from tests.factories import CandidateFactory


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("8 (916) 765-43-21", "+79167654321"),
        ("+7 916 765 43 21", "+79167654321"),
        ("89167654321", "+79167654321"),
        ("9167654321", "+79167654321"),
        ("+7(495)123-45-67", "+74951234567"),
        ("+49 151 23456789", "+4915123456789"),
        ("+44 7911 123456", "+447911123456"),
        ("810 49 30 1234567", "+49301234567"),
    ],
)
def test_russian_and_international_numbers_are_stored_in_e164(typed, e164):
    assert phone_to_e164(typed, region="RU") == e164


@pytest.mark.parametrize(
    "garbage", ["", "call me maybe", "12345", "+7 916 765", "8 (916) 765-43-21-99999", "+999 123"]
)
def test_anything_that_is_not_a_valid_number_is_refused(garbage):
    with pytest.raises(InvalidPhone):
        phone_to_e164(garbage, region="RU")


def test_numbers_without_a_country_code_are_read_in_the_configured_region(settings):
    settings.PHONE_DEFAULT_REGION = "DE"

    assert phone_to_e164("030 1234567") == "+49301234567"


def test_stored_numbers_are_shown_in_international_format():
    assert phone_display("+79167654321") == "+7 916 765-43-21"
    assert phone_display("not a number") == "not a number"


@pytest.mark.django_db
def test_creating_a_candidate_stores_the_phone_in_e164():
    assert candidate_create(name="Анна", phone="8 (916) 765-43-21").phone == "+79167654321"


@pytest.mark.django_db
def test_creating_a_candidate_with_an_invalid_phone_names_the_field():
    with pytest.raises(ValidationError) as error:
        candidate_create(name="Анна", phone="12345")

    assert list(error.value.message_dict) == ["phone"]
    assert not Candidate.objects.exists()


@pytest.mark.django_db
def test_the_data_migration_normalises_the_numbers_it_can_and_keeps_the_others():
    migration = importlib.import_module("candidates.migrations.0004_candidate_phone_e164")
    russian = CandidateFactory(phone="8 (916) 765-43-21")
    garbage = CandidateFactory(phone="ask HR")
    empty = CandidateFactory(phone="")

    migration.to_e164(apps, None)

    phones = {c.pk: c.phone for c in Candidate.objects.all()}
    assert [phones[russian.pk], phones[garbage.pk], phones[empty.pk]] == ["+79167654321", "ask HR", ""]
