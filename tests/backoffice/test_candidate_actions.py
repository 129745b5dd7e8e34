"""Bulk actions on the candidate list: set status, invite to a test, share grade, CSV, anonymise."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from backoffice.gdpr import candidate_erase
from candidates.models import CandidateStatus, HistoryEntry, HistoryKind
from tests.factories import ApplicationFactory, CandidateFactory, GradeFactory, MessageFactory, TestFactory
from tests_app.models import Attempt, AttemptStatus

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:candidates_candidate_changelist"


def history(candidate) -> list[tuple]:
    """The candidate's history, oldest first: (kind, from, to, actor, actor_label)."""
    entries = HistoryEntry.objects.filter(candidate=candidate).order_by("created_at", "id")
    return [(e.kind, e.from_value, e.to_value, e.actor, e.actor_label) for e in entries]


def run_action(client, action: str, candidates, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(c.pk) for c in candidates], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_set_status_action_goes_through_the_service_once_per_changed_candidate(
    hr_client, hr_user, status_events
):
    moving = CandidateFactory()
    already = CandidateFactory(status=CandidateStatus.REJECTED)
    response = run_action(hr_client, "set_status_rejected", [moving, already], confirm="yes")
    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.status == CandidateStatus.REJECTED
    assert status_events == [(moving.pk, "new", "rejected", hr_user)]
    assert history(moving) == [(HistoryKind.STATUS_CHANGED, "new", "rejected", hr_user, "bulk action")]
    assert history(already) == []


@pytest.mark.parametrize("status", ["rejected", "accepted"])
def test_closing_moves_ask_for_confirmation_first(hr_client, status, status_events):
    candidate = CandidateFactory(name="Tove")
    response = run_action(hr_client, f"set_status_{status}", [candidate])
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="set-status-confirm"' in body and "Tove" in body
    assert f'name="action" value="set_status_{status}"' in body
    candidate.refresh_from_db()
    assert candidate.status == "new" and status_events == []


def test_there_is_a_set_status_action_for_every_status(hr_client):
    CandidateFactory()
    response = hr_client.get(reverse(CHANGELIST))
    actions = {value for value, _ in response.context["action_form"].fields["action"].choices}
    assert {f"set_status_{s}" for s in CandidateStatus.values} <= actions


def test_invite_action_first_asks_for_the_test_and_expiry(hr_client):
    candidate = CandidateFactory()
    active, inactive = TestFactory(title="Django basics"), TestFactory(title="Old test", is_active=False)
    response = run_action(hr_client, "invite_to_test", [candidate])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Django basics" in body and "Old test" not in body
    assert str(candidate.pk) in body
    assert not Attempt.objects.exists()
    assert active.pk and inactive.pk


def test_invite_action_creates_invitations_and_moves_candidates(hr_client, hr_user, status_events):
    test = TestFactory()
    fresh = CandidateFactory()
    interviewing = CandidateFactory(status=CandidateStatus.INTERVIEW)
    response = run_action(
        hr_client, "invite_to_test", [fresh, interviewing], apply="1", test=test.pk, expires_in_hours="24"
    )
    assert response.status_code == 302
    attempts = Attempt.objects.filter(test=test)
    assert attempts.count() == 2
    assert {a.status for a in attempts} == {AttemptStatus.PENDING}
    attempt = attempts.get(candidate=fresh)
    hours = (attempt.expires_at - attempt.created_at).total_seconds() / 3600
    assert 23.9 < hours < 24.1
    assert status_events == [(fresh.pk, "new", "test_assigned", None)]
    fresh.refresh_from_db()
    assert fresh.status == CandidateStatus.TEST_ASSIGNED
    # The invitation is sent to the candidate through the messaging service.
    assert fresh.messages.filter(direction="outbound", text__contains=attempt.test_url).exists()
    assert [(e[0], e[3], e[4]) for e in history(fresh)] == [
        (HistoryKind.INVITED, hr_user, "bulk action"),
        (HistoryKind.STATUS_CHANGED, None, "automatic rule"),
        (HistoryKind.MESSAGE_SENT, None, "bulk action"),  # the invitation, sent for HR's action
    ]


def test_invite_action_gives_the_extra_minutes(hr_client):
    test, candidate = TestFactory(duration_minutes=20), CandidateFactory()
    response = run_action(
        hr_client,
        "invite_to_test",
        [candidate],
        apply="1",
        test=test.pk,
        expires_in_hours="24",
        extra_minutes="10",
    )
    assert response.status_code == 302
    assert Attempt.objects.get(candidate=candidate).extra_minutes == 10


def test_invite_action_refuses_extra_minutes_out_of_range(hr_client):
    test, candidate = TestFactory(), CandidateFactory()
    response = run_action(
        hr_client,
        "invite_to_test",
        [candidate],
        apply="1",
        test=test.pk,
        expires_in_hours="24",
        extra_minutes="500",
    )
    assert response.status_code == 200
    assert "less than or equal to 240" in response.content.decode()
    assert not Attempt.objects.exists()


def test_invite_action_with_an_expiry_out_of_range_shows_the_form_again(hr_client):
    test, candidate = TestFactory(), CandidateFactory()
    response = run_action(
        hr_client, "invite_to_test", [candidate], apply="1", test=test.pk, expires_in_hours="0"
    )
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    assert not Attempt.objects.exists()


def test_invite_action_without_an_active_test_says_so(hr_client):
    candidate = CandidateFactory()
    response = run_action(hr_client, "invite_to_test", [candidate])
    assert response.status_code == 302
    assert "no active test" in hr_client.get(response["Location"]).content.decode()


def test_share_latest_grade_action_shares_the_newest_grade_and_skips_candidates_without(
    hr_client, hr_user, grade_shares
):
    graded, ungraded = CandidateFactory(), CandidateFactory(name="Nograde")
    GradeFactory(candidate=graded, value=50)
    newest = GradeFactory(candidate=graded, value=80)
    response = hr_client.post(
        reverse(CHANGELIST),
        {"action": "share_latest_grade", ACTION_CHECKBOX_NAME: [str(graded.pk), str(ungraded.pk)]},
        follow=True,
    )
    assert grade_shares == [(newest.pk, hr_user)]
    assert "Nograde" in response.content.decode()
    assert history(graded) == [(HistoryKind.GRADE_SHARED, "", "80", hr_user, "")]
    assert history(ungraded) == []


def test_export_csv_contains_the_selection_with_formulas_neutralised(hr_client):
    candidate = CandidateFactory(name="=HYPERLINK(1)", phone="+491511234567")
    ApplicationFactory(candidate=candidate, vacancy__name="Data Engineer")
    MessageFactory(candidate=candidate)
    CandidateFactory(name="Not selected")
    response = run_action(hr_client, "export_csv", [candidate])
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["phone"] == "+491511234567"
    assert (row["vacancy"], row["unread_messages"], row["status"]) == ("Data Engineer", "1", "new")


def test_anonymise_action_asks_for_confirmation_then_erases(hr_client, hr_user, status_events):
    candidate = CandidateFactory(name="Erika")
    response = run_action(hr_client, "anonymize", [candidate])
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.anonymized_at is None
    response = run_action(hr_client, "anonymize", [candidate], confirm="1")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.anonymized_at is not None and candidate.name == "Anonymised"
    assert status_events == []
    assert history(candidate) == [(HistoryKind.ANONYMISED, "", "", hr_user, "")]


def test_anonymise_from_the_candidate_page(hr_client, hr_user):
    candidate = CandidateFactory(email="erika@example.com")
    url = reverse("admin:candidates_candidate_anonymize", args=[candidate.pk])
    assert hr_client.get(url).status_code == 200
    candidate.refresh_from_db()
    assert candidate.email == "erika@example.com"  # a GET only asks
    assert hr_client.post(url, {"confirm": "1"}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.email == ""
    assert history(candidate) == [(HistoryKind.ANONYMISED, "", "", hr_user, "")]


def test_export_json_download_has_everything_and_is_recorded_with_the_user(hr_client, hr_user):
    candidate = CandidateFactory(name="Jana")
    MessageFactory(candidate=candidate, text="my question")
    response = hr_client.get(reverse("admin:candidates_candidate_export", args=[candidate.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["name"] == "Jana"
    assert [m["text"] for m in data["messages"]] == ["my question"]
    assert history(candidate) == [(HistoryKind.DATA_EXPORTED, "", "", hr_user, "")]


def test_an_anonymised_profile_cannot_be_filled_in_again(hr_client):
    candidate = CandidateFactory()
    candidate_erase(candidate=candidate)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    form = hr_client.get(url).context["adminform"].form
    assert "email" not in form.fields and "name" not in form.fields
    assert "status" in form.fields
