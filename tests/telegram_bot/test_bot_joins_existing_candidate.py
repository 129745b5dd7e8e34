"""One person, one candidate across the ways in: the careers page and the bot (the real
python-telegram-bot Application against the fake Bot API) end on the same record."""

import pytest

from candidates.models import Candidate, DuplicatePair, DuplicateReason, HistoryKind
from tests.careers.test_apply import apply
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _careers_form_not_limited(settings):
    # The bot's fixtures use the shared Redis cache, where the form's per-IP counter outlives a run:
    # the third local run within the hour would meet a 429 that says nothing about joining records.
    settings.CAREERS_APPLY_RATE = "1000/h"


def _register_in_the_bot(chat, *, share: bool, phone: str = "+7 916 765-43-21", email: str = "a@example.org"):
    chat.say("/start")
    if share:
        chat.share_contact(phone, first_name="Anna", last_name="Smirnova")
        chat.reply()
        chat.tap("reg:yes")
        chat.reply()
    else:
        chat.say(phone)
        chat.say("Anna")
        chat.say("Smirnova")
    chat.say(email)
    return chat.say("12.04.1995")


def test_the_same_person_through_the_careers_page_and_the_bot_is_one_candidate(bot, chat, client):
    vacancy = VacancyFactory()
    assert apply(client, vacancy).status_code == 302  # phone 8 916 765-43-21, anna@example.com
    on_record = Candidate.objects.get()

    done = _register_in_the_bot(chat, share=True)

    assert "You are registered, Anna" in done.text
    candidate = Candidate.objects.get()
    assert candidate == on_record
    assert candidate.telegram_id == chat.user_id  # the bot's chat now reaches the record
    assert candidate.email == "anna@example.com"  # filled only where empty: nothing overwritten
    joined = candidate.history.get(kind=HistoryKind.JOINED_EXISTING)
    assert joined.details == {"via": "telegram", "matched_on": "phone"}
    assert candidate.applications.get().vacancy == vacancy


def test_someone_registered_in_the_bot_who_applies_on_the_careers_page_stays_one_candidate(bot, chat, client):
    _register_in_the_bot(chat, share=True, email="anna@example.com")
    vacancy = VacancyFactory()

    assert apply(client, vacancy, phone="+7 999 000-11-22").status_code == 302

    candidate = Candidate.objects.get()
    assert candidate.telegram_id == chat.user_id
    assert candidate.phone == "+79167654321"  # the form's other phone does not overwrite the record
    assert candidate.applications.get().source == "careers"
    assert candidate.history.filter(kind=HistoryKind.JOINED_EXISTING).count() == 1


def test_a_typed_phone_does_not_attach_the_chat_to_someones_record_hr_sees_a_duplicate(bot, chat, client):
    apply(client, VacancyFactory())
    on_record = Candidate.objects.get()

    _register_in_the_bot(chat, share=False)

    newcomer = Candidate.objects.get(telegram_id=chat.user_id)
    assert newcomer != on_record
    on_record.refresh_from_db()
    assert on_record.telegram_id is None
    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second, pair.reason) == (on_record, newcomer, DuplicateReason.SAME_PHONE)
