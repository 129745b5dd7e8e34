"""Keeping an application current from "My applications": a new CV, a new email or phone, withdrawing."""

import pytest
from django.core.files.base import ContentFile

from candidates.models import Application, CandidateStatus, HistoryKind
from messaging.models import BotChat, ChatStep, Message, MessageDirection
from tests.factories import ApplicationFactory, CandidateFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def candidate(chat):
    return CandidateFactory(
        telegram_id=chat.user_id, name="Ann", email="ann@example.com", phone="+4915123456789"
    )


@pytest.fixture
def application(candidate):
    application = ApplicationFactory(candidate=candidate, vacancy__name="Python Developer")
    application.cv_file.save("old.pdf", ContentFile(b"old cv"), save=False)
    application.cv_filename = "old.pdf"
    application.save()
    return application


def test_my_applications_offers_a_new_cv_withdraw_and_editing_the_details(bot, chat, application):
    closed = ApplicationFactory(candidate=application.candidate, status=CandidateStatus.REJECTED)

    reply = chat.say("/applications")

    assert reply.button_data() == [f"newcv:{application.id}", f"wd:{application.id}", "edit"]
    assert f"newcv:{closed.id}" not in reply.button_data()


def test_a_new_cv_replaces_the_applications_cv_and_is_screened_again(bot, chat, application):
    old_file = application.cv_file.name
    chat.tap(f"newcv:{application.id}")
    assert "new CV for Python Developer" in chat.reply().text

    chat.send_document("Ann 2026.pdf", PDF)

    assert "new CV for Python Developer has been stored" in chat.reply().text
    application.refresh_from_db()
    assert application.cv_filename == "Ann 2026.pdf"
    assert application.cv_file.read() == PDF
    assert not application.cv_file.storage.exists(old_file)
    assert application.history.filter(kind=HistoryKind.CV_UPDATED).exists()
    assert application.ai_analyses.exists()  # screened again (eager Celery)
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_a_new_cv_of_the_wrong_type_is_refused(bot, chat, application):
    chat.tap(f"newcv:{application.id}")
    chat.reply()
    chat.send_document("photo.png", b"\x89PNG", mime_type="image/png")
    assert "PDF, DOCX or TXT" in chat.reply().text
    application.refresh_from_db()
    assert application.cv_filename == "old.pdf"


def test_withdrawing_asks_first_then_closes_the_application_and_tells_hr(bot, chat, application, settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/onef"
    chat.tap(f"wd:{application.id}")
    confirm = chat.reply()
    assert "Withdraw your application for Python Developer?" in confirm.text
    assert confirm.button_data() == [f"wdy:{application.id}", "apps"]

    chat.tap(f"wdy:{application.id}")

    assert "has been withdrawn" in chat.reply().text
    application.refresh_from_db()
    assert application.status == CandidateStatus.REJECTED
    entry = application.history.get(kind=HistoryKind.STATUS_CHANGED)
    assert entry.actor_label == "candidate (withdrawn)"
    inbound = Message.objects.get(candidate=application.candidate, direction=MessageDirection.INBOUND)
    assert "withdraw my application for Python Developer" in inbound.text
    assert not inbound.is_read
    assert Event.objects.filter(event_type="candidate_status_changed").count() == 1
    assert Event.objects.filter(event_type="new_message").count() == 1
    assert "Python Developer" in chat.say("/applications").text.split("withdrawn by you")[0]


def test_someone_elses_application_cannot_be_withdrawn(bot, chat, candidate):
    other = ApplicationFactory()
    chat.tap(f"wdy:{other.id}")
    assert "already closed" in chat.reply().text
    assert Application.objects.get(pk=other.pk).status == CandidateStatus.NEW


def test_the_email_and_phone_can_be_changed(bot, chat, candidate):
    chat.tap("edit")
    assert "ann@example.com" in chat.reply().text
    chat.tap("edit:email")
    assert "new email" in chat.reply().text
    assert "does not look like an email" in chat.say("ann@").text
    assert "details are updated" in chat.say("ann.smith@example.com").text

    chat.tap("edit:phone")
    chat.reply()
    assert "details are updated" in chat.say("8 916 765-43-21").text

    candidate.refresh_from_db()
    assert (candidate.email, candidate.phone) == ("ann.smith@example.com", "+79167654321")
    assert candidate.history.filter(kind=HistoryKind.CONTACT_UPDATED).count() == 2


def test_a_question_instead_of_the_new_email_reaches_hr(bot, chat, candidate):
    chat.tap("edit:email")
    chat.reply()
    chat.send("Why do you need it?")
    note, again = chat.replies(2)
    assert "passed to our HR team" in note.text
    assert "does not look like an email" in again.text
    assert Message.objects.filter(candidate=candidate, text="Why do you need it?").exists()
