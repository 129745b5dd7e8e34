"""The dialog without Telegram: replays and duplicates at the level the handlers call."""

import pytest

import bot_dialog as dialog
from messaging.models import Message
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _text(update_id: int, message_id: int, text: str, chat_id: int = 42) -> dialog.Incoming:
    return dialog.Incoming(
        update_id=update_id, chat_id=chat_id, user_id=chat_id, message_id=message_id, text=text
    )


def test_the_same_update_handled_twice_changes_nothing_the_second_time():
    CandidateFactory(telegram_id=42)
    first = dialog.message(_text(10, 1, "Hello HR"))
    again = dialog.message(_text(10, 1, "Hello HR"))
    assert len(first.replies) == 1
    assert again.replies == []
    assert Message.objects.count() == 1


def test_the_same_telegram_message_under_a_new_update_id_is_stored_once():
    CandidateFactory(telegram_id=42)
    dialog.message(_text(10, 1, "Hello HR"))
    dialog.message(_text(11, 1, "Hello HR"))
    assert Message.objects.count() == 1


def test_a_replayed_registration_step_does_not_skip_a_question():
    dialog.command(_text(1, 1, "/start"), "start")
    dialog.message(_text(2, 2, "+49 151 23456789"))
    replay = dialog.message(_text(2, 2, "+49 151 23456789"))
    assert replay.replies == []
    asks_last_name = dialog.message(_text(3, 3, "Ann"))
    assert "last name" in asks_last_name.replies[0].text


def test_cancel_while_waiting_for_a_cv_leaves_the_apply_flow():
    from messaging.models import BotChat, ChatStep
    from tests.factories import VacancyFactory

    CandidateFactory(telegram_id=42)
    vacancy = VacancyFactory()
    dialog.callback(_text(1, None, None), f"apply:{vacancy.id}")
    assert BotChat.objects.get(telegram_chat_id=42).step == ChatStep.AWAITING_CV
    assert "Cancelled" in dialog.command(_text(2, 2, "/cancel"), "cancel").replies[0].text
    assert BotChat.objects.get(telegram_chat_id=42).step == ChatStep.IDLE


def test_an_unpublished_vacancy_cannot_be_applied_for():
    from tests.factories import VacancyFactory

    CandidateFactory(telegram_id=42)
    vacancy = VacancyFactory(is_published=False)
    reply = dialog.callback(_text(1, None, None), f"apply:{vacancy.id}").replies[0]
    assert "no longer open" in reply.text


def test_an_unknown_command_points_to_help():
    assert "/help" in dialog.command(_text(1, 1, "/dance"), "dance").replies[0].text


def test_a_sticker_during_registration_asks_for_text():
    dialog.command(_text(1, 1, "/start"), "start")
    dialog.message(_text(2, 2, "+49 151 23456789"))
    reply = dialog.message(dialog.Incoming(update_id=3, chat_id=42, user_id=42, message_id=3)).replies[0]
    assert "answer with text" in reply.text


@pytest.mark.parametrize("data", ["vac:abc", "gone:1", "reg:yes", "iv:ok:x", "bk:1"])
def test_a_broken_or_outdated_button_is_answered_with_the_way_to_the_menu(data):
    """A malformed button, one an older bot version sent, or "Is this right?" after registration."""
    replies = dialog.callback(_text(1, None, None), data).replies
    assert [reply.text for reply in replies] == ["This button is out of date. Send /start to see the menu."]
