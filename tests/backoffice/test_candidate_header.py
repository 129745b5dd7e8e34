"""The candidate page's header and quick actions, the readable AI analysis, and the history's rows."""

import pytest
from django.urls import reverse

from backoffice.admin.analysis_display import analysis_requirements
from candidates import services
from candidates.models import HistoryEntry, HistoryKind
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    CandidateFactory,
    GradeFactory,
    TestFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def page(client, candidate) -> str:
    response = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_header_shows_the_stage_vacancy_and_quick_actions_before_the_form(hr_client):
    candidate = CandidateFactory(status="reviewing")
    ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="Data Analyst"), ai_rating=64)
    TestFactory(is_active=True)
    body = page(hr_client, candidate)
    header = body.index('id="candidate-header"')
    assert header < body.index('id="candidate_form"')
    for marker in ['id="header-stage" data-status="reviewing"', "Data Analyst", "64/100", 'id="quick-stage"',
                   'id="quick-invite"', 'id="quick-reply"', 'id="quick-grade"']:  # fmt: skip
        assert body.index(marker) > header


def test_quick_move_changes_the_chosen_application_through_the_service(hr_client, hr_user, status_events):
    candidate = CandidateFactory(status="reviewing")
    application = ApplicationFactory(candidate=candidate)
    response = hr_client.post(
        reverse("admin:candidates_candidate_stage", args=[candidate.pk]),
        {"application": application.pk, "stage": "interview"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interview"
    assert status_events == [(candidate.pk, "reviewing", "interview", hr_user)]
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.STATUS_CHANGED)
    assert (entry.actor, entry.actor_label) == (hr_user, "candidate page")
    assert HistoryEntry.objects.filter(candidate=candidate).count() == 1


def test_quick_move_refuses_another_candidates_application_and_bad_stages(hr_client):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    other = ApplicationFactory()
    url = reverse("admin:candidates_candidate_stage", args=[candidate.pk])
    assert hr_client.post(url, {"application": other.pk, "stage": "interview"}).status_code == 404
    assert hr_client.post(url, {"application": other.pk, "stage": "hired"}).status_code == 302
    other.refresh_from_db()
    assert other.status == "new"


def test_quick_invite_invites_and_the_history_shows_the_tests_title(hr_client, hr_user):
    candidate = CandidateFactory(status="reviewing", telegram_id=None)
    ApplicationFactory(candidate=candidate)
    test = TestFactory(title="SQL basics", is_active=True)
    response = hr_client.post(
        reverse("admin:candidates_candidate_invite", args=[candidate.pk]),
        {"test": test.pk, "expires_in_hours": 24},
    )
    assert response.status_code == 302
    assert candidate.attempts.filter(test=test, status="pending").count() == 1
    invited = HistoryEntry.objects.get(candidate=candidate, kind=HistoryKind.INVITED)
    assert (invited.actor, invited.details["test"]) == (hr_user, "SQL basics")
    history = page(hr_client, candidate).split('id="history"')[1]
    assert "Invited to the test “SQL basics”" in history
    assert str(test.pk) not in history.split('class="history-invited"')[1].split("</tr>")[0]


def test_a_grade_edited_after_sharing_is_marked(hr_client, hr_user):
    candidate = CandidateFactory()
    grade = GradeFactory(candidate=candidate, value=70)
    services.grade_share(grade=grade, shared_by=hr_user)
    assert (
        "edited after sharing" not in page(hr_client, candidate).split('id="grades"')[1].split("</table>")[0]
    )
    services.grade_update(grade=grade, value=80, comment="", edited_by=hr_user)
    grades = page(hr_client, candidate).split('id="grades"')[1].split("</table>")[0]
    assert "edited after sharing" in grades


def test_the_analysis_reads_as_matched_partly_matched_and_missing_with_evidence():
    breakdown = [
        {"kind": "skill", "criterion": "Kafka", "weight": 3, "score": 0.0, "required": "required", "evidence": ""},
        {"kind": "skill", "criterion": "Python", "weight": 3, "score": 1.0, "required": "required",
         "evidence": "Python 3"},
        {"kind": "experience", "criterion": "Years of experience", "weight": 2, "score": 0.4, "raw_score": 0.7,
         "required": "5+", "evidence": "about 3.5 years"},
        {"criterion": "Teamwork", "score": 0.9, "note": "led a team of 4"},
        "not a dict",
    ]  # fmt: skip
    rows = analysis_requirements(breakdown)
    assert [(r.criterion, r.outcome, r.need, r.evidence) for r in rows] == [
        ("Python", "met", "required", "Python 3"),
        ("Years of experience", "partial", "5+", "about 3.5 years"),
        ("Teamwork", "partial", "", "led a team of 4"),
        ("Kafka", "missing", "required", ""),
    ]
    assert analysis_requirements(None) == []


def test_the_page_lists_requirements_instead_of_a_key_value_dump(hr_client):
    candidate = CandidateFactory()
    AIAnalysisFactory(
        candidate=candidate,
        breakdown=[
            {
                "kind": "skill",
                "criterion": "Django",
                "weight": 3,
                "score": 1.0,
                "required": "required",
                "evidence": "Django REST",
            }
        ],
    )
    panel = page(hr_client, candidate).split('id="ai-analyses"')[1]
    assert "Matched" in panel and "Django" in panel and "Django REST" in panel
    assert "weight" not in panel
