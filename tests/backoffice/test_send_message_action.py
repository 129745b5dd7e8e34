"""Bulk "send a message to the selected": a confirmation page (who has no Telegram), a template to
start from, placeholders filled per candidate, every message through message_send."""

import pytest

from candidates.models import HistoryEntry, HistoryKind
from messaging.models import Message, MessageTemplate
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/candidates/candidate/"


@pytest.fixture
def people():
    ann = ApplicationFactory(candidate__name="Ann", vacancy__name="QA").candidate
    bob = ApplicationFactory(candidate__name="Bob", vacancy__name="Ops").candidate
    offline = CandidateFactory(name="Carl", surname="Offline", telegram_id=None)
    return ann, bob, offline


def _post(client, people, **data):
    return client.post(LIST, {"action": "send_message", "_selected_action": [c.pk for c in people], **data})


def test_the_confirmation_page_lists_who_has_no_telegram(hr_client, people):
    response = _post(hr_client, people)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="unreachable"' in page and "Carl Offline" in page
    assert not Message.objects.exists()


def test_picking_a_template_fills_the_text(hr_client, people):
    MessageTemplate.objects.create(name="Hi", language="en", text="Hi {first_name}, about {vacancy}")

    page = _post(hr_client, people, template="Hi").content.decode()

    assert "Hi {first_name}, about {vacancy}</textarea>" in page


def test_sending_renders_the_placeholders_for_each_candidate(hr_client, hr_user, people):
    response = _post(hr_client, people, apply="1", text="Hi {first_name}, about {vacancy}")

    assert response.status_code == 302
    texts = sorted(Message.objects.values_list("text", flat=True))
    assert texts == ["Hi Ann, about QA", "Hi Bob, about Ops"]
    assert all(m.sent_by.username == "hr.manager" for m in Message.objects.all())
    entries = HistoryEntry.objects.filter(kind=HistoryKind.MESSAGE_SENT)  # one per message, HR's
    assert sorted((e.candidate_id, e.actor, e.actor_label) for e in entries) == sorted(
        (c.pk, hr_user, "bulk action") for c in people[:2]
    )


def test_an_unknown_placeholder_is_refused_and_nothing_is_sent(hr_client, people):
    response = _post(hr_client, people, apply="1", text="Hi {name}")

    assert response.status_code == 200
    assert "Unknown placeholder" in response.content.decode()
    assert not Message.objects.exists()


def test_fifty_candidates_are_reached_with_one_template(hr_client):
    candidates = [ApplicationFactory().candidate for _ in range(50)]

    response = _post(hr_client, candidates, apply="1", text="Hello {first_name}")

    assert response.status_code == 302
    assert Message.objects.count() == 50


def test_the_reply_box_inserts_a_template_rendered_for_the_candidate(hr_client, people):
    MessageTemplate.objects.create(name="Hi", language="en", text="Hi {first_name}")
    ann = people[0]

    page = hr_client.get(f"{LIST}{ann.pk}/change/?template=Hi").content.decode()

    assert 'id="reply-template"' in page
    assert "Hi Ann</textarea>" in page


def test_the_template_admin_previews_with_a_real_candidate(admin_client, people):
    template = MessageTemplate.objects.create(name="Hi", language="en", text="Hi {first_name} ({vacancy})")
    ann = people[0]

    page = admin_client.get(f"/admin/messaging/messagetemplate/{template.pk}/change/?candidate={ann.pk}")

    assert "Hi Ann (QA)" in page.content.decode()


def test_the_template_admin_refuses_unknown_placeholders(admin_client):
    response = admin_client.post(
        "/admin/messaging/messagetemplate/add/", {"name": "X", "language": "en", "text": "Hi {nme}"}
    )

    assert response.status_code == 200
    assert "Unknown placeholder(s): {nme}" in response.content.decode()
    assert not MessageTemplate.objects.exists()
