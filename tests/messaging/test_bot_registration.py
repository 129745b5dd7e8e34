import datetime as dt

import pytest

from candidates.models import Candidate, CandidateStatus
from messaging.models import BotChat, ChatStep
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_registration_asks_again_after_each_bad_answer_and_creates_a_new_candidate(bot, chat):
    assert "first name" in chat.say("/start").text

    assert "does not look like a name" in chat.say("R2-D2").text
    assert "last name" in chat.say("Ann").text

    assert "does not look like a name" in chat.say("12345").text
    phone_question = chat.say("Smith")
    assert "phone number" in phone_question.text
    assert phone_question.reply_markup["keyboard"][0][0]["request_contact"] is True

    assert "does not look like a phone number" in chat.say("call me maybe").text
    assert "own phone number" in chat.share_contact_reply("+49 151 000", user_id=999)
    assert "email" in chat.say("+49 151 2345 6789").text

    assert "does not look like an email" in chat.say("ann@").text
    assert "date of birth" in chat.say("ann.smith@example.com").text

    assert "could not read that date" in chat.say("yesterday").text
    assert "between 14 and 100" in chat.say("01.01.2020").text
    done = chat.say("24.05.1994")
    assert "You are registered, Ann" in done.text
    assert done.button_data() == ["vacs:0", "apps"]

    candidate = Candidate.objects.get(telegram_id=chat.user_id)
    assert (candidate.name, candidate.surname, candidate.phone, candidate.email) == (
        "Ann",
        "Smith",
        "+4915123456789",
        "ann.smith@example.com",
    )
    assert candidate.dob == dt.date(1994, 5, 24)
    assert candidate.status == CandidateStatus.NEW
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_sharing_the_contact_button_fills_in_the_phone(bot, chat):
    chat.say("/start")
    chat.say("Ann")
    chat.say("Smith")
    chat.share_contact("+49 151 23456789")
    assert "email" in chat.reply().text
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).data["phone"] == "+4915123456789"


def test_cancel_stops_the_registration_without_creating_a_candidate(bot, chat):
    chat.say("/start")
    chat.say("Ann")
    assert "Cancelled" in chat.say("/cancel").text
    assert "not registered" in chat.say("Smith").text
    assert not Candidate.objects.filter(telegram_id=chat.user_id).exists()


def test_a_known_candidate_gets_the_main_menu_on_start(bot, chat):
    CandidateFactory(telegram_id=chat.user_id, name="Bob")
    menu = chat.say("/start")
    assert "Welcome back, Bob" in menu.text
    assert menu.button_data() == ["vacs:0", "apps"]


def test_answers_sent_in_a_burst_are_handled_in_order(bot, chat):
    for text in ("/start", "Ann", "Smith", "+49 151 23456789", "ann@example.com", "01.02.1990"):
        chat.send(text)
    replies = [reply.text for reply in chat.replies(6)]
    assert ["first name" in replies[0], "last name" in replies[1], "phone" in replies[2]] == [True] * 3
    assert ["email" in replies[3], "date of birth" in replies[4], "registered" in replies[5]] == [True] * 3
    assert Candidate.objects.get(telegram_id=chat.user_id).email == "ann@example.com"


def test_a_russian_number_typed_the_national_way_is_stored_in_e164(bot, chat):
    for text in ("/start", "Ann", "Smith"):
        chat.say(text)
    assert "email" in chat.say("8 (916) 765-43-21").text
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).data["phone"] == "+79167654321"


def test_a_shared_contact_number_without_a_plus_is_read_as_international(bot, chat):
    for text in ("/start", "Ann", "Smith"):
        chat.say(text)
    chat.share_contact("4915123456789")
    assert "email" in chat.reply().text
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).data["phone"] == "+4915123456789"
