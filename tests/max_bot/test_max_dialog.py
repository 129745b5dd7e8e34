"""The rest of the dialog through MAX: chatting with HR, the interview buttons, HR-only commands,
and erasing a candidate's MAX data."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.gdpr import candidate_erase
from interviews.models import Interview, InterviewState
from max_bot.models import MaxChat, MaxUpdate, MaxUser
from max_bot.services import max_user_link
from messaging.models import Message, MessageDirection
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

USER = 7770001
CHAT = USER + 1


@pytest.fixture
def candidate():
    candidate = CandidateFactory(name="Анна", language="ru", telegram_id=None)
    max_user_link(candidate=candidate, user_id=USER, chat_id=CHAT)
    return candidate


def test_a_registered_max_user_s_text_reaches_hr_with_one_note(bot, fake_max, candidate):
    fake_max.message(USER, "Здравствуйте! Когда будет ответ?")
    fake_max.message(USER, "И ещё вопрос")
    bot.step()

    texts = list(
        Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND).values_list(
            "text", flat=True
        )
    )
    assert texts == ["Здравствуйте! Когда будет ответ?", "И ещё вопрос"]
    assert len(fake_max.sent(chat_id=CHAT)) == 1  # the "passed to HR" note, once
    assert bot.last_text(CHAT) == "Спасибо, ваше сообщение передано в отдел кадров. Вам ответят здесь."


def test_an_unknown_max_user_is_asked_to_register_first(bot, fake_max):
    fake_max.message(USER, "Привет")
    bot.step()

    assert "/start" in bot.last_text(CHAT)
    assert not Message.objects.exists()


def _interview(candidate) -> Interview:
    application = ApplicationFactory(candidate=candidate)
    return Interview.objects.create(
        application=application,
        starts_at=timezone.now() + dt.timedelta(days=2),
        format="video",
        location="https://meet.example.com/x",
    )


def test_the_interview_buttons_record_the_answer_of_the_max_candidate(bot, fake_max, candidate):
    interview = _interview(candidate)

    fake_max.tap(USER, f"iv:ok:{interview.pk}")
    bot.step()

    interview.refresh_from_db()
    assert interview.state == InterviewState.CONFIRMED
    assert fake_max.answers()[-1].body == {"notification": "Готово"}
    assert "подтвержд" in bot.last_text(CHAT).lower()


def test_another_max_user_cannot_answer_someone_else_s_interview(bot, fake_max, candidate):
    interview = _interview(candidate)

    fake_max.tap(USER + 100, f"iv:ok:{interview.pk}")
    bot.step()

    interview.refresh_from_db()
    assert interview.state == InterviewState.SCHEDULED
    assert len(fake_max.answers()) == 1  # the tap is still answered


def test_the_hr_link_command_is_unknown_in_max(bot, fake_max, candidate):
    fake_max.message(USER, "/hr 123456")
    bot.step()

    assert "/help" in bot.last_text(CHAT)


def test_erasing_a_candidate_forgets_their_max_link_dialog_and_updates(bot, fake_max, candidate):
    fake_max.message(USER, "Вопрос для HR")
    bot.step()
    assert MaxChat.objects.filter(chat_id=CHAT).exists()

    assert candidate_erase(candidate=candidate, actor_label="test")

    assert not MaxUser.objects.exists()
    assert not MaxChat.objects.exists()
    assert not MaxUpdate.objects.exists()
