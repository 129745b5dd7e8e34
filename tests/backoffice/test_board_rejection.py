"""A rejection from the board keeps the reason HR picked in its dialog, as on the candidate page."""

import pytest
from django.urls import reverse

from automation.defaults import rejection_reasons_ensure_defaults
from automation.models import RejectionReason, RejectionRecord
from candidates.models import Application, HistoryEntry, HistoryKind
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_reasons(db):
    rejection_reasons_ensure_defaults()  # a transactional test before may have flushed the migration's


def move(client, application: Application, **data):
    return client.post(
        reverse("admin:candidates_vacancy_board_move", args=[application.vacancy_id]),
        {"application": application.pk, **data},
        headers={"accept": "application/json"},
    )


def reviewing() -> Application:
    return ApplicationFactory(candidate=CandidateFactory(status="reviewing"), status="reviewing")


def test_the_board_offers_the_active_reasons_in_its_rejection_dialog(hr_client):
    application = reviewing()
    RejectionReason.objects.filter(code="other").update(is_active=False)

    page = hr_client.get(reverse("admin:candidates_vacancy_board", args=[application.vacancy_id]))

    html = page.content.decode()
    dialog = html[html.index('<dialog id="board-reject"') : html.index("</dialog>")]
    assert 'data-rejected="rejected"' in dialog
    assert "Salary expectations" in dialog and "Other" not in dialog


def test_a_rejection_dropped_on_the_board_keeps_its_reason_on_the_history_and_for_the_reports(
    hr_client, hr_user
):
    application = reviewing()
    salary = RejectionReason.objects.get(code="salary")

    response = move(hr_client, application, status="rejected", rejection_reason=salary.pk)

    assert response.status_code == 200 and response.json()["changed"] is True
    record = RejectionRecord.objects.get(application=application)
    assert (record.reason, record.created_by) == (salary, hr_user)
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.STATUS_CHANGED)
    assert entry.details["rejection_reason"] == "salary" and entry.actor_label == "board"
    assert record.stage_entry == entry


def test_a_rejection_without_a_reason_is_still_a_rejection(hr_client):
    application = reviewing()

    assert move(hr_client, application, status="rejected", rejection_reason="").json()["changed"]

    application.refresh_from_db()
    assert application.status == "rejected"
    assert not RejectionRecord.objects.filter(application=application).exists()


def test_a_reason_on_a_move_that_is_not_a_rejection_is_not_recorded(hr_client):
    application = reviewing()
    salary = RejectionReason.objects.get(code="salary")

    move(hr_client, application, status="interview", rejection_reason=salary.pk)

    assert not RejectionRecord.objects.exists()


@pytest.mark.parametrize("reason", ["999999", "salary", "inactive"])
def test_an_unknown_or_inactive_reason_is_refused_and_nothing_moves(hr_client, reason):
    application = reviewing()
    inactive = RejectionReason.objects.create(code="old", name_en="Old", name_ru="Старая", is_active=False)
    value = str(inactive.pk) if reason == "inactive" else reason

    response = move(hr_client, application, status="rejected", rejection_reason=value)

    assert response.status_code == 400 and "rejection_reason" in response.json()["errors"]
    application.refresh_from_db()
    assert application.status == "reviewing" and not RejectionRecord.objects.exists()
