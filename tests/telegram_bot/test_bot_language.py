"""The bot speaks the Telegram user's language (ru/uk/be/kk: Russian, others: English), stores it on
the chat and the candidate, switches with /language and registers its "/" menu in both languages."""

import pytest

from candidates.models import Candidate
from messaging.models import BotChat
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_russian_telegram_user_is_greeted_and_registered_in_russian(bot, chat):
    chat.user["language_code"] = "ru"

    phone_question = chat.say("/start")
    assert "Здравствуйте" in phone_question.text
    assert "+7 916 123-45-67" in phone_question.text
    assert phone_question.reply_markup["keyboard"][0][0]["text"] == "Согласиться и поделиться контактом"
    assert "Это не похоже на номер телефона" in chat.say("позвоните мне").text
    assert "Как вас зовут" in chat.say("8 (916) 765-43-21").text
    assert "фамилия" in chat.say("Анна").text
    assert "электронной почты" in chat.say("Смирнова").text
    assert "дата рождения" in chat.say("anna@example.com").text
    done = chat.say("24.05.1994")

    assert "Вы зарегистрированы, Анна" in done.text
    assert [button["text"] for button in done.reply_markup["inline_keyboard"][0]] == [
        "Вакансии",
        "Мои отклики",
    ]
    candidate = Candidate.objects.get(telegram_id=chat.user_id)
    assert (candidate.language, candidate.phone) == ("ru", "+79167654321")
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).language == "ru"


@pytest.mark.parametrize(
    ("code", "first_words"), [("uk", "Здравствуйте"), ("be", "Здравствуйте"), ("de", "Hello")]
)
def test_ukrainian_and_belarusian_users_get_russian_and_others_english(bot, chat, code, first_words):
    chat.user["language_code"] = code

    assert chat.say("/start").text.startswith(first_words)


def test_language_switches_the_chat_and_the_candidate(bot, chat):
    candidate = CandidateFactory(telegram_id=chat.user_id, name="Bob", language="en")
    choice = chat.say("/language")
    assert choice.button_data() == ["lang:ru", "lang:en"]

    chat.tap("lang:ru")
    assert chat.reply().text.startswith("Готово")
    assert chat.say("/help").text.startswith("/start — главное меню")
    candidate.refresh_from_db()
    assert candidate.language == "ru"

    chat.tap("lang:en")
    assert chat.reply().text.startswith("Done")
    assert "Welcome back, Bob" in chat.say("/start").text


def test_a_registered_candidates_stored_language_wins_over_telegrams(bot, chat):
    CandidateFactory(telegram_id=chat.user_id, name="Пётр", language="ru")  # chat.user says "en"

    assert "С возвращением, Пётр" in chat.say("/start").text


def test_the_command_menu_is_registered_in_russian_and_english_at_start(bot, fake_telegram):
    fake_telegram.wait_for(lambda: len(fake_telegram.sent("setMyCommands")) >= 6)
    menus = {
        call.params.get("language_code"): call.params["commands"]
        for call in fake_telegram.sent("setMyCommands")
    }

    assert set(menus) == {"ru", "uk", "be", "kk", "en", None}
    assert {item["command"]: item["description"] for item in menus["ru"]}["language"] == "Сменить язык"
    assert {item["command"]: item["description"] for item in menus["en"]}["language"] == "Change the language"
    assert menus[None] == menus["en"] and menus["uk"] == menus["ru"]
    assert [item["command"] for item in menus["ru"]] == [
        "start",
        "vacancies",
        "applications",
        "language",
        "help",
        "cancel",
    ]


def test_a_button_that_does_nothing_any_more_is_answered_in_the_chats_language(bot, chat):
    CandidateFactory(telegram_id=chat.user_id, name="Вера", language="ru")
    chat.tap("reg:yes")  # "Is this right?" of a registration long finished
    assert chat.reply().text == "Эта кнопка устарела. Отправьте /start, чтобы открыть меню."
