"""A shared Telegram contact often has no last name, or the whole name in the first name: the bot asks
for the last name, or offers the two words as first and last name, so no candidate reaches 1F
without a surname."""

import time

import pytest

from candidates.models import Candidate
from messaging.models import BotChat, ChatStep
from tests.factories import VacancyFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = "+49 151 23456789"


def _register_after_the_names(chat) -> None:
    assert "date of birth" in chat.say("ann@example.com").text
    assert "registered" in chat.say("24.05.1994").text


def _candidate(chat) -> Candidate:
    return Candidate.objects.get(telegram_id=chat.user_id)


def test_a_contact_without_a_last_name_is_followed_by_the_question_for_it(bot, chat):
    chat.say("/start")

    chat.share_contact(PHONE, first_name="Ann")
    question = chat.reply()
    assert question.text == "Thanks, Ann. What is your last name?"
    assert question.reply_markup == {"remove_keyboard": True}
    assert "does not look like a name" in chat.say("R2-D2").text
    assert "email" in chat.say("  Smith ").text
    _register_after_the_names(chat)

    candidate = _candidate(chat)
    assert (candidate.name, candidate.surname, candidate.phone) == ("Ann", "Smith", "+4915123456789")


def test_cancel_while_asked_for_the_last_name_registers_nobody(bot, chat):
    chat.say("/start")
    chat.share_contact(PHONE, first_name="Ann")
    chat.reply()

    assert chat.say("/cancel").text.startswith("Cancelled")

    assert not Candidate.objects.exists()
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_two_words_in_the_first_name_are_offered_as_first_and_last_name(bot, chat):
    chat.say("/start")

    chat.share_contact(PHONE, first_name="Ivan Petrov")
    confirm = chat.reply()
    assert confirm.text == "Is this right?\nFirst name: Ivan\nLast name: Petrov\nPhone: +49 1512 3456789"
    assert confirm.button_data() == ["reg:yes", "reg:edit"]
    chat.tap("reg:yes")
    assert "email" in chat.reply().text
    _register_after_the_names(chat)

    assert (_candidate(chat).name, _candidate(chat).surname) == ("Ivan", "Petrov")


def test_changing_the_offered_names_goes_to_typing_them(bot, chat):
    chat.say("/start")
    chat.share_contact(PHONE, first_name="Petrov Ivan")
    chat.reply()

    chat.tap("reg:edit")
    assert "first name" in chat.reply().text
    assert "last name" in chat.say("Ivan").text
    assert "email" in chat.say("Petrov").text
    _register_after_the_names(chat)

    assert (_candidate(chat).name, _candidate(chat).surname) == ("Ivan", "Petrov")


def test_more_words_in_the_first_name_are_asked_for_one_by_one(bot, chat):
    chat.say("/start")

    chat.share_contact(PHONE, first_name="Anna Maria Schmidt")

    assert chat.reply().text == "What is your first name?"


def test_the_new_application_of_a_contact_without_a_last_name_carries_the_surname(bot, chat, settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/onef"  # an endpoint, so the event is recorded
    vacancy = VacancyFactory(name="Python Developer")
    chat.say(f"/start v{vacancy.id}")
    chat.share_contact(PHONE, first_name="Ann")
    assert "last name" in chat.reply().text
    chat.say("Smith")
    chat.say("ann@example.com")
    chat.send("24.05.1994")
    chat.replies(2)  # registered, and the question for the CV

    chat.send_document("cv.pdf", PDF)
    assert "has been received" in chat.reply().text

    deadline = time.monotonic() + 10
    while not Event.objects.filter(event_type="new_application").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    candidate = Event.objects.get(event_type="new_application").payload["requestBody"]["candidate"]
    assert (candidate["name"], candidate["surname"], candidate["fullname"]) == ("Ann", "Smith", "Ann Smith")
