"""The candidate page: chat with reply box, status changes, grades, CV, tests and the history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import CandidateStatus, HistoryEntry, HistoryKind
from messaging.models import DeliveryStatus, Message, MessageDirection
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    OutboundMessageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def history(candidate) -> list[tuple]:
    """The candidate's history, oldest first: (kind, from, to, actor, actor_label)."""
    entries = HistoryEntry.objects.filter(candidate=candidate).order_by("created_at", "id")
    return [(e.kind, e.from_value, e.to_value, e.actor, e.actor_label) for e in entries]


def change_url(candidate) -> str:
    return reverse("admin:candidates_candidate_change", args=[candidate.pk])


def form_data(candidate, **overrides) -> dict:
    data = {
        "status": candidate.status,
        "name": candidate.name,
        "surname": candidate.surname,
        "email": candidate.email,
        "phone": candidate.phone,
        "dob": candidate.dob.isoformat() if candidate.dob else "",
        "telegram_id": candidate.telegram_id or "",
        "applications-TOTAL_FORMS": "0",
        "applications-INITIAL_FORMS": "0",
        "applications-MIN_NUM_FORMS": "0",
        "applications-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_page_shows_the_thread_and_opening_it_marks_inbound_messages_read(hr_client):
    candidate = CandidateFactory()
    MessageFactory(candidate=candidate, text="When is the interview?")
    OutboundMessageFactory(candidate=candidate, text="Tomorrow at ten.")
    response = hr_client.get(change_url(candidate))
    assert response.status_code == 200
    body = response.content.decode()
    assert "When is the interview?" in body and "Tomorrow at ten." in body
    assert body.index("When is the interview?") < body.index("Tomorrow at ten.")
    assert not Message.objects.filter(candidate=candidate, is_read=False).exists()


def test_reply_is_sent_through_the_messaging_service_and_recorded_once(hr_client, hr_user):
    candidate = CandidateFactory()
    response = hr_client.post(
        reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": "Hi!"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(change_url(candidate) + "#chat")
    message = Message.objects.get(candidate=candidate)
    assert (message.direction, message.text, message.sent_by) == (MessageDirection.OUTBOUND, "Hi!", hr_user)
    assert message.delivery_status == DeliveryStatus.QUEUED
    assert history(candidate) == [(HistoryKind.MESSAGE_SENT, "", "", hr_user, "")]
    assert not LogEntry.objects.exists()


def test_reply_to_a_candidate_without_telegram_is_refused_with_a_message(hr_client):
    candidate = CandidateFactory(telegram_id=None)
    response = hr_client.post(
        reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": "Hi!"}, follow=True
    )
    assert "no channel to reach them" in response.content.decode()
    assert not Message.objects.exists()
    assert history(candidate) == []


def test_empty_reply_is_refused_with_a_message(hr_client):
    candidate = CandidateFactory()
    response = hr_client.post(
        reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": ""}, follow=True
    )
    assert "The message was not sent" in response.content.decode()
    assert not Message.objects.exists()


def test_reply_to_an_unknown_candidate_is_404(hr_client):
    url = reverse("admin:candidates_candidate_reply", args=["00000000-0000-0000-0000-000000000000"])
    assert hr_client.post(url, {"text": "Hi"}).status_code == 404


def test_get_on_the_reply_url_is_refused(hr_client):
    candidate = CandidateFactory()
    assert hr_client.get(reverse("admin:candidates_candidate_reply", args=[candidate.pk])).status_code == 405


def test_chat_says_the_bot_is_not_configured_without_a_token(hr_client, settings):
    candidate = CandidateFactory()
    settings.TELEGRAM_BOT_TOKEN = ""
    assert b"chat-telegram-warning" in hr_client.get(change_url(candidate)).content
    response = hr_client.post(
        reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": "Hi"}, follow=True
    )
    assert "stays queued" in response.content.decode()
    settings.TELEGRAM_BOT_TOKEN = "123:abc"
    assert b"chat-telegram-warning" not in hr_client.get(change_url(candidate)).content


def test_status_change_from_the_form_is_announced_and_recorded_once(hr_client, hr_user, status_events):
    candidate = CandidateFactory()
    response = hr_client.post(change_url(candidate), form_data(candidate, status=CandidateStatus.INTERVIEW))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.INTERVIEW
    assert status_events == [(candidate.pk, "new", "interview", hr_user)]
    # One history entry with the old and new value, and no "Changed Status." in the admin's log.
    assert history(candidate) == [(HistoryKind.STATUS_CHANGED, "new", "interview", hr_user, "")]
    assert not LogEntry.objects.exists()


def test_changing_status_and_contact_together_records_both(hr_client, hr_user):
    candidate = CandidateFactory()
    hr_client.post(change_url(candidate), form_data(candidate, status="reviewing", phone="+4915100000001"))
    assert history(candidate) == [(HistoryKind.STATUS_CHANGED, "new", "reviewing", hr_user, "")]
    # The other fields are Django's own admin log, as on any model.
    assert [e.get_change_message() for e in LogEntry.objects.all()] == ["Changed Phone."]


def test_saving_the_form_without_a_status_change_announces_nothing(hr_client, status_events):
    candidate = CandidateFactory()
    response = hr_client.post(change_url(candidate), form_data(candidate, phone="+4915112345678"))
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.phone == "+4915112345678"
    assert status_events == []


def test_adding_a_candidate_goes_through_the_service(hr_client, status_events):
    response = hr_client.post(
        reverse("admin:candidates_candidate_add"),
        {
            "name": "Ada",
            "surname": "Lovelace",
            "email": " ada@example.com ",
            "phone": "",
            "dob": "",
            "telegram_id": "",
        },
    )
    assert response.status_code == 302
    from candidates.models import Candidate

    candidate = Candidate.objects.get()
    assert (candidate.fullname, candidate.email, candidate.status) == (
        "Ada Lovelace",
        "ada@example.com",
        "new",
    )
    assert status_events == []


def test_grade_added_on_the_page_then_shared_with_onef(hr_client, hr_user, grade_shares):
    candidate = CandidateFactory()
    response = hr_client.post(
        reverse("admin:candidates_candidate_grade_add", args=[candidate.pk]),
        {"value": "85", "comment": "Strong"},
    )
    assert response.status_code == 302
    grade = candidate.grades.get()
    assert (grade.value, grade.comment, grade.created_by, grade.shared_at) == (85, "Strong", hr_user, None)
    response = hr_client.post(
        reverse("admin:candidates_candidate_grade_share", args=[candidate.pk, grade.pk])
    )
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.shared_by == hr_user and grade.shared_at is not None
    assert grade_shares == [(grade.pk, hr_user)]
    assert history(candidate) == [
        (HistoryKind.GRADE_ADDED, "", "85", hr_user, ""),
        (HistoryKind.GRADE_SHARED, "", "85", hr_user, ""),
    ]
    body = hr_client.get(change_url(candidate)).content.decode()
    panel = body[body.index('id="history"') :]
    assert panel.index("Shared grade 85 with OneF") < panel.index("Added grade 85")  # newest first


def test_grade_out_of_range_is_refused(hr_client):
    candidate = CandidateFactory()
    response = hr_client.post(
        reverse("admin:candidates_candidate_grade_add", args=[candidate.pk]), {"value": "101"}, follow=True
    )
    assert "The grade was not added" in response.content.decode()
    assert not candidate.grades.exists()


def test_sharing_another_candidates_grade_is_404(hr_client, grade_shares):
    candidate, other = CandidateFactory(), CandidateFactory()
    grade = GradeFactory(candidate=other)
    url = reverse("admin:candidates_candidate_grade_share", args=[candidate.pk, grade.pk])
    assert hr_client.post(url).status_code == 404
    assert grade_shares == []


def test_page_shows_tests_with_review_links_analyses_cv_text_and_grades(hr_client):
    candidate = CandidateFactory(cv_text="Ten years of Django.", cv_filename="cv.pdf")
    attempt = AttemptFactory(candidate=candidate, status="needs_review", started_at="2026-11-20T10:00:00Z")
    AIAnalysisFactory(candidate=candidate, rating=77, breakdown=[{"criterion": "Python", "score": 40}])
    GradeFactory(candidate=candidate, value=64)
    body = hr_client.get(change_url(candidate)).content.decode()
    assert reverse("admin:tests_app_attempt_change", args=[attempt.pk]) in body
    assert "Review open answers" in body
    assert "77/100" in body and 'class="cand-req-met"' in body and "Python" in body
    assert '<span class="quiet">criterion</span>' not in body  # no key/value dump
    assert "Ten years of Django." in body
    assert "Share with OneF" in body and "64" in body


def test_cv_download_returns_the_stored_file_under_its_original_name(hr_client):
    candidate = CandidateFactory(cv_filename="Lebenslauf.pdf")
    candidate.cv_file.save("x.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    response = hr_client.get(reverse("admin:candidates_candidate_cv", args=[candidate.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 cv"
    assert "Lebenslauf.pdf" in response["Content-Disposition"]


def test_cv_download_without_a_cv_is_404(hr_client):
    candidate = CandidateFactory()
    assert hr_client.get(reverse("admin:candidates_candidate_cv", args=[candidate.pk])).status_code == 404


def test_the_history_panel_shows_who_did_what_and_there_is_no_second_audit_panel(hr_client, hr_user):
    candidate = CandidateFactory()
    hr_client.post(reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": "Hello"})
    body = hr_client.get(change_url(candidate)).content.decode()
    assert body.count('id="history"') == 1 and 'id="audit"' not in body
    assert "Audit log" not in body
    row = body[body.index('class="history-message_sent"') :].split("</tr>")[0]
    assert "Sent a Telegram message" in row and hr_user.username in row
    assert "Hello" not in body[body.index('id="history"') :]  # message texts stay out of the history


def test_the_phone_is_saved_in_e164_and_an_invalid_one_is_refused_on_the_field(hr_client):
    candidate = CandidateFactory(phone="+79167654321")

    refused = hr_client.post(change_url(candidate), form_data(candidate, phone="12345"))
    assert refused.status_code == 200
    assert "Enter a valid phone number" in str(refused.context["adminform"].form.errors["phone"])
    candidate.refresh_from_db()
    assert candidate.phone == "+79167654321"

    saved = hr_client.post(change_url(candidate), form_data(candidate, phone="8 (495) 123-45-67"))
    assert saved.status_code == 302
    candidate.refresh_from_db()
    assert candidate.phone == "+74951234567"


def test_the_page_runs_as_many_queries_for_one_or_many_history_entries_of_every_kind(hr_client):
    candidate = CandidateFactory()
    applications = [ApplicationFactory(candidate=candidate) for _ in range(3)]

    def record_one_of_each_kind(application) -> None:
        for kind in HistoryKind:
            HistoryEntry.objects.create(
                candidate=candidate,
                application=application,
                kind=kind,
                from_value="new",
                to_value="interview",
                actor=UserFactory(),
                actor_label="board",
                details={"test": "SQL", "starts_at": "2026-11-20T10:00:00+00:00", "fields": ["email"]},
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(change_url(candidate)).status_code == 200
        return len(queries)

    record_one_of_each_kind(applications[0])
    count()  # caches (content types, permissions) warm up on the first page
    few = count()
    for application in applications:
        record_one_of_each_kind(application)
    assert count() == few


def test_the_chat_shows_each_messages_channel_and_hr_can_pick_the_channel(hr_client, settings):
    from django.utils import timezone

    settings.EMAIL_ENABLED = True
    candidate = CandidateFactory(consent_at=timezone.now())  # Telegram and an e-mail with consent
    MessageFactory(candidate=candidate, text="Hi from Telegram")
    page = hr_client.get(change_url(candidate)).content.decode()
    assert 'data-channel="telegram">Telegram</span>' in page
    assert '<select name="channel"' in page and f"E-mail ({candidate.email})" in page

    hr_client.post(
        reverse("admin:candidates_candidate_reply", args=[candidate.pk]), {"text": "Hi!", "channel": "email"}
    )
    message = Message.objects.get(candidate=candidate, direction=MessageDirection.OUTBOUND)
    assert (message.channel, message.candidate_channel.address) == ("email", candidate.email)


def test_an_email_only_candidate_can_be_answered_from_the_chat(hr_client):
    from django.utils import timezone

    candidate = CandidateFactory(telegram_id=None, consent_at=timezone.now())
    page = hr_client.get(change_url(candidate)).content.decode()
    assert 'id="reply-form"' in page and "Sent through E-mail." in page


def test_the_chat_lists_the_candidates_channels_with_a_bounce(hr_client):
    from django.utils import timezone

    from messaging.channels import channel_mark_bounced, channels_sync
    from messaging.models import CandidateChannel

    candidate = CandidateFactory(telegram_id=None, consent_at=timezone.now())
    channels_sync(candidate=candidate)
    channel = CandidateChannel.objects.get(candidate=candidate)
    channel_mark_bounced(channel_id=channel.pk, reason="550 5.1.1 user unknown")
    page = hr_client.get(change_url(candidate)).content.decode()
    assert f"E-mail {candidate.email} — bounced: 550 5.1.1 user unknown" in page
    assert "no channel to reach them" in page  # the reply box is not offered


def test_hr_marks_a_channel_preferred_in_the_admin_and_the_other_stops_being_it(admin_client):
    from messaging.channels import channel_set_preferred, channels_sync
    from messaging.models import CandidateChannel

    candidate = CandidateFactory()
    channels_sync(candidate=candidate)
    email, telegram = CandidateChannel.objects.filter(candidate=candidate).order_by("kind")
    channel_set_preferred(channel=email)
    url = reverse("admin:messaging_candidatechannel_change", args=[telegram.pk])
    assert admin_client.post(url, {"preferred": "on"}).status_code == 302
    assert list(CandidateChannel.objects.filter(preferred=True)) == [telegram]
