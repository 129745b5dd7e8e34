"""The board of a vacancy: columns, cards, moves through the pipeline service, and a constant query count."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from backoffice.preferences import user_language_set
from candidates.models import Application, Candidate, HistoryEntry, HistoryKind
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    MessageFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def board_url(vacancy) -> str:
    return reverse("admin:candidates_vacancy_board", args=[vacancy.pk])


def move_url(vacancy) -> str:
    return reverse("admin:candidates_vacancy_board_move", args=[vacancy.pk])


def reviewing_application(vacancy=None, **candidate) -> Application:
    person = CandidateFactory(status="reviewing", ai_rating=72, **candidate)
    return ApplicationFactory(candidate=person, vacancy=vacancy or VacancyFactory())


def test_board_shows_one_column_per_stage_and_a_card_per_application(hr_client):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy, name="Lena", surname="Berg")
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=3, hours=1)
    )
    MessageFactory.create_batch(2, candidate=application.candidate)
    AttemptFactory(candidate=application.candidate, status="passed", started_at=timezone.now(), percentage=88)
    ApplicationFactory(vacancy=VacancyFactory(), candidate__name="Elsewhere")
    response = hr_client.get(board_url(vacancy))
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c.status for c in columns] == [
        "new", "reviewing", "test_assigned", "test_completed", "interview", "accepted", "rejected",
    ]  # fmt: skip
    reviewing = columns[1]
    assert reviewing.count == 1 and reviewing.oldest_days == 3
    card = reviewing.cards[0]
    assert (card.ai_rating, card.unread_count, card.test_status, card.days_in_stage) == (72, 2, "passed", 3)
    body = response.content.decode()
    assert "Lena Berg" in body and "Elsewhere" not in body
    assert "72/100" in body and "2 unread" in body and "88%" in body and "3 days in stage" in body
    assert f'id="move-{application.pk}"' in body  # the keyboard path: a "Move to" select per card
    assert "<script>" not in body and "onclick" not in body


def test_a_move_from_the_form_goes_through_the_pipeline_service(hr_client, hr_user, status_events):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy)
    response = hr_client.post(
        move_url(vacancy), {"application": application.pk, "status": "interview", "q": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(vacancy)}?q=x#card-{application.pk}"
    application.refresh_from_db()
    assert application.status == "interview"
    assert Candidate.objects.get(pk=application.candidate_id).status == "interview"
    assert status_events == [(application.candidate_id, "reviewing", "interview", hr_user)]
    entry = HistoryEntry.objects.get(kind=HistoryKind.STATUS_CHANGED, application=application)
    assert (entry.from_value, entry.to_value, entry.actor, entry.actor_label) == (
        "reviewing",
        "interview",
        hr_user,
        "board",
    )
    assert HistoryEntry.objects.filter(candidate=application.candidate_id).count() == 1
    assert not LogEntry.objects.exists()  # the history is the one trail


def test_a_board_move_reads_as_a_sentence_in_the_users_language_on_the_candidate_page(hr_client, hr_user):
    vacancy = VacancyFactory(name="Аналитик")
    application = reviewing_application(vacancy)
    hr_client.post(move_url(vacancy), {"application": application.pk, "status": "interview"})
    user_language_set(user=hr_user, language="ru")
    hr_client.force_login(hr_user)  # the stored language is read at sign-in

    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[application.candidate_id]))

    row = page.content.decode().split('class="history-status_changed"')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].strip() for cell in row.split("</td>")[:-1]]
    assert cells[1:] == ["Этап изменён: На рассмотрении → Собеседование", "Аналитик", "hr.manager (доска)"]


def test_a_move_by_drag_and_drop_answers_json(hr_client, status_events):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy, name="Jon", surname="")
    response = hr_client.post(
        move_url(vacancy),
        {"application": application.pk, "status": "interview"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert {key: value for key, value in response.json().items() if key != "columns"} == {
        "ok": True,
        "changed": True,
        "status": "interview",
        "message": "Jon moved to “Interview”.",
    }
    again = hr_client.post(
        move_url(vacancy),
        {"application": application.pk, "status": "interview"},
        headers={"accept": "application/json"},
    )
    assert again.json()["changed"] is False
    assert len(status_events) == 1


def test_bad_moves_are_refused_without_a_500(hr_client):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy)
    other = reviewing_application()
    bad = hr_client.post(
        move_url(vacancy),
        {"application": application.pk, "status": "hired"},
        headers={"accept": "application/json"},
    )
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    assert hr_client.post(move_url(vacancy), {"application": "x", "status": "new"}).status_code == 302
    assert hr_client.post(move_url(vacancy), {"application": other.pk, "status": "new"}).status_code == 404
    assert hr_client.get(move_url(vacancy)).status_code == 405
    assert hr_client.get(reverse("admin:candidates_vacancy_board", args=[999999])).status_code == 404
    application.refresh_from_db()
    other.refresh_from_db()
    assert application.status == other.status == "reviewing"


def test_moving_needs_the_change_application_permission(client):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_vacancy", "view_application", "view_candidate"])
    )
    client.force_login(viewer)
    page = client.get(board_url(vacancy))
    assert page.status_code == 200 and "board-move" not in page.content.decode()
    response = client.post(move_url(vacancy), {"application": application.pk, "status": "interview"})
    assert response.status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(board_url(vacancy)).status_code == 403


def test_the_board_filter_box_searches_name_and_cv(hr_client):
    vacancy = VacancyFactory()
    ola = reviewing_application(vacancy, name="Ola", cv_text="Airflow and dbt pipelines")
    reviewing_application(vacancy, name="Per", cv_text="Sales")
    response = hr_client.get(board_url(vacancy), {"q": "airflow"})
    found = [card.candidate_id for column in response.context["columns"] for card in column.cards]
    assert found == [ola.candidate_id]


@pytest.mark.parametrize("applications", [10, 200])
def test_the_board_runs_a_constant_number_of_queries(hr_client, django_assert_num_queries, applications):
    vacancy = VacancyFactory()
    statuses = ["new", "reviewing", "interview", "rejected"]
    for index in range(applications):
        candidate = CandidateFactory(status=statuses[index % 4])
        ApplicationFactory(candidate=candidate, vacancy=vacancy)
        if index % 5 == 0:
            MessageFactory(candidate=candidate)
            AttemptFactory(candidate=candidate, status="failed", started_at=timezone.now())
    hr_client.get(board_url(vacancy))  # warm the session and permission caches
    # session, user, the two-factor gate's device check, the user's permissions (2), the vacancy, the
    # columns' counts and ages, the first cards of every column with their annotations, the header's
    # unread-notification count; the automation header: the vacancy's SLA, its rules, the runs waiting
    # to act; the rejection reasons of the board's dialog
    with django_assert_num_queries(13):
        response = hr_client.get(board_url(vacancy))
    assert response.context["total"] == applications


def test_the_board_is_reachable_from_the_vacancy_and_the_dashboard(hr_client):
    vacancy = VacancyFactory(name="Platform SRE")
    url = board_url(vacancy)
    assert (
        url in hr_client.get(reverse("admin:candidates_vacancy_change", args=[vacancy.pk])).content.decode()
    )
    assert url in hr_client.get(reverse("admin:candidates_vacancy_changelist")).content.decode()
    assert url in hr_client.get(reverse("admin:index")).content.decode()


def test_each_column_shows_its_first_50_cards_with_exact_counts_and_the_rest_on_show_more(hr_client):
    vacancy = VacancyFactory()
    now = timezone.now()
    for index in range(57):
        ApplicationFactory(
            vacancy=vacancy, status="new", ai_rating=index, applied_at=now - dt.timedelta(days=index)
        )
    ApplicationFactory(vacancy=vacancy, status="interview")

    response = hr_client.get(board_url(vacancy))

    new = response.context["columns"][0]
    assert (new.count, len(new.cards), new.more) == (57, 50, 7)
    assert (new.oldest_days, new.average_days) == (56, 28.0)  # over all 57, not the 50 shown
    assert [card.ai_rating for card in new.cards] == list(range(56, 6, -1))
    assert response.context["total"] == 58
    assert "Show more (7 not shown)" in response.content.decode()
    more = hr_client.get(board_url(vacancy), {"column": "new", "offset": 50}, HTTP_ACCEPT="application/json")
    body = more.json()
    assert body["ok"] and body["next"] is None
    assert body["html"].count('class="board-card"') == 7


def test_show_more_of_a_bad_column_or_offset_is_a_400(hr_client):
    vacancy = VacancyFactory()
    for params in ({"column": "nope", "offset": 0}, {"column": "new", "offset": -1}, {"column": "new"}):
        response = hr_client.get(board_url(vacancy), params, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, params


def test_a_drag_and_drop_move_answers_the_exact_counts_of_the_columns(hr_client):
    vacancy = VacancyFactory()
    application = reviewing_application(vacancy)
    ApplicationFactory.create_batch(2, vacancy=vacancy, status="interview")

    response = hr_client.post(
        move_url(vacancy),
        {"application": application.pk, "status": "interview"},
        HTTP_ACCEPT="application/json",
    )

    columns = response.json()["columns"]
    assert columns["reviewing"]["count"] == 0 and columns["interview"]["count"] == 3
