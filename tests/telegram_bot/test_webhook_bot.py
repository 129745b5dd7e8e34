"""The bot in webhook mode: what Telegram posts is stored, and the task handles it with the polling
worker's own handlers (replies, buttons, a CV download), each update once. Tasks run in place here;
tests/telegram_bot/test_webhook_workers.py runs them on real Celery workers."""

import pytest

from candidates.models import Application, Candidate
from messaging.models import InboxLease, Message, MessageDirection, TelegramUpdate
from tests.factories import CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_text_reaches_hr_and_the_note_is_sent_before_the_post_is_answered(webhook_bot, webhook_chat):
    candidate = CandidateFactory(telegram_id=webhook_chat.user_id)

    webhook_chat.send("When is the interview?")

    assert webhook_bot.answers == [200]
    assert "passed to our HR team" in webhook_chat.reply().text
    inbound = Message.objects.get(candidate=candidate, direction=MessageDirection.INBOUND)
    assert inbound.text == "When is the interview?"
    assert TelegramUpdate.objects.get().handled_at is not None
    assert not InboxLease.objects.exists()  # given back once the chat's inbox was empty
    assert not webhook_bot.sent("getUpdates")  # nothing polls in webhook mode


def test_registration_in_six_updates_follows_their_order(webhook_bot, webhook_chat):
    for text in ("/start", "+49 151 23456789", "Ann", "Smith", "ann@example.com", "01.02.1990"):
        webhook_chat.send(text)

    replies = [reply.text for reply in webhook_chat.replies(6)]
    expected = ["share your contact", "first name", "last name", "email", "date of birth", "registered"]
    assert [word in reply for word, reply in zip(expected, replies, strict=True)] == [True] * 6
    candidate = Candidate.objects.get(telegram_id=webhook_chat.user_id)
    assert (candidate.name, candidate.surname, candidate.email) == ("Ann", "Smith", "ann@example.com")


def test_a_cv_is_downloaded_by_the_worker_and_the_application_created(webhook_bot, webhook_chat):
    candidate = CandidateFactory(telegram_id=webhook_chat.user_id)
    vacancy = VacancyFactory(name="Python Developer")

    webhook_chat.tap(f"apply:{vacancy.id}")
    assert "send your CV" in webhook_chat.reply().text
    webhook_chat.send_document("Ann CV.pdf", PDF)

    assert "application for Python Developer has been received" in webhook_chat.reply().text
    assert Application.objects.filter(candidate=candidate, vacancy=vacancy).exists()
    candidate.refresh_from_db()
    assert candidate.cv_file.read() == PDF
    assert len(webhook_bot.sent("getFile")) == len(webhook_bot.sent("download")) == 1
    assert len(webhook_bot.sent("answerCallbackQuery")) == 1


def test_an_update_telegram_delivers_twice_is_handled_once(webhook_bot, webhook_chat, webhook_post):
    candidate = CandidateFactory(telegram_id=webhook_chat.user_id)
    update = webhook_chat.send("Is the job remote?")
    webhook_chat.reply()

    assert webhook_post(update) == 200

    webhook_chat.quiet()  # the next reply is /help's: the redelivered text got none
    assert Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND).count() == 1
    assert TelegramUpdate.objects.filter(update_id=update["update_id"]).count() == 1


def test_a_failing_handler_is_apologised_for_and_the_update_marked_as_in_polling(webhook_bot, webhook_chat):
    """One code path: the error handler's apology and the inbox handler that marks the update handled
    apply as in polling mode, so one broken update does not hold up its chat forever."""
    CandidateFactory(telegram_id=webhook_chat.user_id)
    VacancyFactory.create_batch(6)
    webhook_bot.failing_methods.add("editMessageText")

    webhook_chat.tap("vacs:1")  # answered by editing the tapped message, which fails

    failed_edit, apology = webhook_chat.replies(2)
    assert failed_edit.method == "editMessageText"
    assert apology.text == "Sorry, something went wrong on our side. Please try again in a moment."
    assert not TelegramUpdate.objects.filter(handled_at=None).exists()
    webhook_bot.failing_methods.clear()
    webhook_chat.quiet()


def test_an_update_the_bot_cannot_read_is_skipped_and_does_not_hold_up_its_chat(
    webhook_bot, webhook_chat, webhook_post, caplog
):
    unreadable = {"update_id": 1, "message": {"chat": {"id": webhook_chat.user_id, "type": "private"}}}

    assert webhook_post(unreadable) == 200

    assert TelegramUpdate.objects.get(update_id=1).handled_at is not None
    assert "Telegram update 1 cannot be read: skipped" in caplog.text
    webhook_chat.quiet()
