"""The dialog without Telegram: replays and duplicates at the level the handlers call."""

import pytest

from messaging.bot import dialog
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
    dialog.message(_text(2, 2, "Ann"))
    replay = dialog.message(_text(2, 2, "Ann"))
    assert replay.replies == []
    asks_phone = dialog.message(_text(3, 3, "Smith"))
    assert "phone number" in asks_phone.replies[0].text
