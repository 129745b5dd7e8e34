import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import Application, Candidate, CandidateStatus
from messaging.models import BotChat, ChatStep
from tests.factories import CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_registration_asks_for_the_contact_with_the_policy_first(bot, chat, settings):
    settings.DATA_POLICY_TEXT = "We keep your data for a year."

    question = chat.say("/start")

    assert "share your contact" in question.text
    assert "We keep your data for a year." in question.text
    button = question.reply_markup["keyboard"][0][0]
    assert (button["text"], button["request_contact"]) == ("Accept and share my contact", True)


def test_a_shared_contact_gives_the_phone_and_names_confirmed_with_is_this_right(bot, chat, settings):
    settings.DATA_POLICY_VERSION = "2026-11"
    chat.say("/start")
    before = timezone.now()

    chat.share_contact("+49 151 23456789", first_name="Ann", last_name="Smith")
    confirm = chat.reply()
    assert confirm.text == "Is this right?\nFirst name: Ann\nLast name: Smith\nPhone: +49 1512 3456789"
    assert confirm.button_data() == ["reg:yes", "reg:edit"]
    assert not Candidate.objects.exists()

    chat.tap("reg:yes")
    asks_email = chat.reply()
    assert "email" in asks_email.text
    assert asks_email.reply_markup == {"remove_keyboard": True}
    assert "date of birth" in chat.say("ann.smith@example.com").text
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
    # The consent: when the contact was shared (before anything was stored), with the policy's version.
    assert before <= candidate.consent_at <= timezone.now()
    assert candidate.consent_policy_version == "2026-11"
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_change_the_name_asks_for_first_and_last_name(bot, chat):
    chat.say("/start")
    chat.share_contact("+49 151 23456789", first_name="Annie", last_name="Smith")
    chat.reply()
    chat.tap("reg:edit")
    assert "first name" in chat.reply().text
    assert "last name" in chat.say("Ann").text
    assert "email" in chat.say("Smith").text
    chat.say("ann@example.com")
    chat.say("24.05.1994")
    assert Candidate.objects.get(telegram_id=chat.user_id).fullname == "Ann Smith"


def test_a_typed_yes_confirms_and_anything_else_asks_again(bot, chat):
    chat.say("/start")
    chat.share_contact("+49 151 23456789", first_name="Ann", last_name="Smith")
    chat.reply()
    assert chat.say("what?").text.startswith("Is this right?")
    assert "email" in chat.say("Yes").text


def test_a_typed_phone_number_is_followed_by_the_names(bot, chat):
    chat.say("/start")
    assert "does not look like a phone number" in chat.say("call me maybe").text
    assert "first name" in chat.say("8 (916) 765-43-21").text
    assert "does not look like a name" in chat.say("R2-D2").text
    assert "last name" in chat.say("Ann").text
    assert "email" in chat.say("Smith").text
    assert "does not look like an email" in chat.say("ann@").text
    assert "date of birth" in chat.say("ann@example.com").text
    assert "could not read that date" in chat.say("yesterday").text
    assert "no such day in the calendar" in chat.say("31.02.1994").text
    assert "between 14 and 100" in chat.say("01.01.2020").text
    assert "registered" in chat.say("24.05.1994").text
    candidate = Candidate.objects.get(telegram_id=chat.user_id)
    assert (candidate.fullname, candidate.phone) == ("Ann Smith", "+79167654321")
    assert candidate.consent_at is not None


def test_someone_elses_contact_is_refused(bot, chat):
    chat.say("/start")
    assert "own phone number" in chat.share_contact_reply("+49 151 23456789", user_id=999)


def test_a_shared_contact_number_without_a_plus_is_read_as_international(bot, chat):
    chat.say("/start")
    chat.share_contact("4915123456789")
    chat.reply()
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).data["phone"] == "+4915123456789"


def test_cancel_stops_the_registration_without_creating_a_candidate(bot, chat):
    chat.say("/start")
    chat.say("+49 151 23456789")
    assert "Cancelled" in chat.say("/cancel").text
    assert "not registered" in chat.say("Smith").text
    assert not Candidate.objects.filter(telegram_id=chat.user_id).exists()


def test_a_known_candidate_gets_the_main_menu_on_start(bot, chat):
    CandidateFactory(telegram_id=chat.user_id, name="Bob")
    menu = chat.say("/start")
    assert "Welcome back, Bob" in menu.text
    assert menu.button_data() == ["vacs:0", "apps"]


def test_answers_sent_in_a_burst_are_handled_in_order(bot, chat):
    for text in ("/start", "+49 151 23456789", "Ann", "Smith", "ann@example.com", "01.02.1990"):
        chat.send(text)
    replies = [reply.text for reply in chat.replies(6)]
    assert ["share your contact" in replies[0], "first name" in replies[1], "last name" in replies[2]] == [
        True
    ] * 3
    assert ["email" in replies[3], "date of birth" in replies[4], "registered" in replies[5]] == [True] * 3
    assert Candidate.objects.get(telegram_id=chat.user_id).email == "ann@example.com"


def test_a_deep_link_takes_a_new_candidate_to_applied_in_six_actions(bot, chat):
    vacancy = VacancyFactory(name="Python Developer")

    def act(send, *args):
        send(*args)
        return chat.reply()

    assert "You are applying for: Python Developer" in act(chat.send, f"/start v{vacancy.id}").text
    assert act(chat.share_contact, "+49 151 23456789", None, "Ann", "Smith").text.startswith("Is this right?")
    assert "email" in act(chat.tap, "reg:yes").text
    assert "date of birth" in act(chat.send, "ann@example.com").text
    chat.send("24.05.1994")
    registered, ask_cv = chat.replies(2)
    assert "You are registered, Ann" in registered.text
    assert "Applying for: Python Developer" in ask_cv.text
    assert "has been received" in act(chat.send_document, "cv.pdf", PDF).text

    candidate = Candidate.objects.get(telegram_id=chat.user_id)
    assert Application.objects.filter(candidate=candidate, vacancy=vacancy).exists()
    assert candidate.consent_at is not None


def test_a_deep_link_takes_a_registered_candidate_straight_to_the_cv(bot, chat):
    CandidateFactory(telegram_id=chat.user_id, name="Bob")
    vacancy = VacancyFactory(name="QA Engineer")
    assert "Applying for: QA Engineer" in chat.say(f"/start v{vacancy.id}").text
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.AWAITING_CV


def test_a_deep_link_to_a_closed_or_unknown_vacancy_still_registers(bot, chat):
    vacancy = VacancyFactory(is_published=False)
    question = chat.say(f"/start v{vacancy.id}")
    assert "applying for" not in question.text
    assert "share your contact" in question.text
    assert "share your contact" in chat.say("/start vxyz").text
