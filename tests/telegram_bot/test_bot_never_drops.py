"""Nothing the candidate writes is lost: text in any step reaches HR unless it is the answer asked for;
the "passed to HR" note is repeated after a quiet period (BOT_ACK_QUIET_HOURS), not once per chat."""

import datetime as dt

import pytest
from django.utils import timezone

from messaging.models import BotChat, ChatStep, Message, MessageDirection
from tests.factories import CandidateFactory, VacancyFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


def _inbound(candidate) -> list[str]:
    return list(
        Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND)
        .order_by("created_at")
        .values_list("text", flat=True)
    )


def test_a_question_while_waiting_for_the_cv_reaches_hr_and_the_bot_keeps_waiting(bot, chat, settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/onef"  # an endpoint, so new_message is recorded
    candidate = CandidateFactory(telegram_id=chat.user_id)
    vacancy = VacancyFactory()
    chat.tap(f"apply:{vacancy.id}")
    chat.reply()

    chat.send("Can I send it later?")
    note, reminder = chat.replies(2)

    assert "passed to our HR team" in note.text
    assert "still waiting for your CV" in reminder.text
    assert _inbound(candidate) == ["Can I send it later?"]
    assert Event.objects.filter(event_type="new_message").count() == 1
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.AWAITING_CV


def test_the_note_is_repeated_after_a_quiet_period(bot, chat, settings):
    settings.BOT_ACK_QUIET_HOURS = 6
    candidate = CandidateFactory(telegram_id=chat.user_id)
    chat.send("Hello")
    assert "passed to our HR team" in chat.reply().text
    chat.send("One more thing")
    chat.quiet()

    Message.objects.filter(candidate=candidate).update(created_at=timezone.now() - dt.timedelta(hours=7))
    chat.send("Any news?")

    assert "passed to our HR team" in chat.reply().text
    assert _inbound(candidate)[-1] == "Any news?"
