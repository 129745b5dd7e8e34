"""The candidate card: header with contacts and each application's stage and quick actions, the CV
with the search words highlighted, the chat, one timeline, the AI analysis, next/previous within the
list or board column it came from, and a query count that does not grow with the candidate's data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import AIAnalysis, ApplicationSource, HistoryEntry
from tests.factories import (
    AttemptFactory,
    CandidateFactory,
    MessageFactory,
    OutboundMessageFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

BREAKDOWN = [
    {"criterion": "Python", "score": 1.0, "required": "required", "evidence": "Python"},
    {"criterion": "Django", "score": 0.5, "max": 1, "required": "required", "evidence": "Flask"},
    {"criterion": "Kubernetes", "score": 0, "required": "nice to have", "evidence": ""},
]


def card(candidate_id) -> str:
    return reverse("admin:candidates_candidate_card", args=[candidate_id])


def applied(candidate, name: str, *, status: str = "", source=ApplicationSource.CAREERS):
    application = services.application_create(
        candidate=candidate, vacancy=VacancyFactory(name=name), source=source
    )
    if status:
        services.application_status_change(application=application, status=status, actor_label="HR")
    return application


def rich_candidate(applications: int, messages: int):
    candidate = CandidateFactory(
        name="Ivan", surname="Petrov", email="ivan@example.com", phone="+79161234567", cv_text=""
    )
    for n in range(applications):
        application = applied(candidate, f"Vacancy {n}", status="reviewing")
        application.cv_text = "Python developer <script>x</script>, 5 years of Django and python."
        application.save()
        AIAnalysis.objects.create(
            candidate=candidate,
            application=application,
            backend="openai",
            rating=70 + n,
            comment="Good fit.",
            breakdown=BREAKDOWN,
        )
    for n in range(messages):
        MessageFactory(candidate=candidate, text=f"Question {n}")
        OutboundMessageFactory(candidate=candidate, text=f"Answer {n}")
    now = timezone.now()
    AttemptFactory(
        candidate=candidate, status="passed", percentage=82, started_at=now, deadline=now, submitted_at=now
    )
    return candidate


def test_the_card_shows_contacts_each_applications_stage_and_an_edit_link(admin_client):
    candidate = rich_candidate(applications=2, messages=1)

    body = admin_client.get(card(candidate.pk)).content.decode()

    assert '<h1 id="card-name">Ivan Petrov</h1>' in body
    assert "mailto:ivan@example.com" in body and "+7 916 123-45-67" in body
    assert body.count('class="card-move"') == 2  # a quick "move to" per application
    assert "Vacancy 0" in body and "Vacancy 1" in body and body.count('data-status="reviewing"') == 2
    assert reverse("admin:candidates_candidate_change", args=[candidate.pk]) in body
    assert 'id="reply-form"' in body and 'name="back" value="card"' in body


def test_the_cv_is_inline_with_the_search_words_highlighted_and_escaped(admin_client):
    candidate = rich_candidate(applications=1, messages=0)

    body = admin_client.get(card(candidate.pk) + "?q=python+django").content.decode()

    cv = body.split('id="cv-text"')[1].split("</pre>")[0]
    assert cv.count("<mark>") == 3  # "Python", "Django", "python"
    assert "<mark>Python</mark> developer &lt;script&gt;" in cv
    assert "<script>x" not in body


def test_the_timeline_holds_stages_tests_with_scores_and_messages_newest_first(admin_client):
    candidate = rich_candidate(applications=1, messages=1)

    body = admin_client.get(card(candidate.pk)).content.decode()

    timeline = body.split('id="timeline"')[1].split("</section>")[0]
    assert "82%" in timeline and "Question 0" in timeline and "Answer 0" in timeline
    assert 'class="tl-status_changed"' in timeline and 'class="tl-applied"' in timeline


def test_the_ai_analysis_reads_as_matched_partly_matched_and_missing(admin_client):
    candidate = rich_candidate(applications=1, messages=0)

    body = admin_client.get(card(candidate.pk)).content.decode()

    analysis = body.split('id="ai-analysis"')[1].split("</section>")[0]
    matched, partial, missing = (
        analysis.split(f'class="card-req cand-req-{kind}"')[1].split("</div>")[0]
        for kind in ("met", "partial", "missing")
    )
    assert "Python" in matched and "Django" in partial and "Kubernetes" in missing


def test_the_card_runs_the_same_number_of_queries_for_one_or_many_applications_and_messages(admin_client):
    small, large = rich_candidate(applications=1, messages=1), rich_candidate(applications=4, messages=6)
    admin_client.get(card(small.pk))  # warm the session and the content types

    counts = []
    for candidate in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(card(candidate.pk) + "?q=python").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_quick_move_from_the_card_comes_back_to_the_card_with_its_list(admin_client):
    candidate = rich_candidate(applications=1, messages=0)
    application = candidate.applications.get()

    response = admin_client.post(
        reverse("admin:candidates_candidate_stage", args=[candidate.pk]),
        {"application": application.pk, "stage": "interview", "back": "card", "card_query": "q=python"},
    )

    assert response.status_code == 302
    assert response["Location"] == card(candidate.pk) + "?q=python"
    application.refresh_from_db()
    assert application.status == "interview"
    assert HistoryEntry.objects.filter(application=application, to_value="interview").exists()


def test_the_list_opens_the_card_which_walks_the_list_page(admin_client):
    first, _second, third = (CandidateFactory(name=n, surname="Walker") for n in ("Ann", "Bob", "Cid"))
    listing = admin_client.get(reverse("admin:candidates_candidate_changelist") + "?o=1").content.decode()
    links = re.findall(r'href="(/admin/candidates/candidate/[^"]+/card/\?[^"]+)"', listing)
    assert len(links) == 3 and all("list=" in link for link in links)

    middle = admin_client.get(links[1].replace("&amp;", "&")).content.decode()

    assert 'id="card-previous"' in middle and 'id="card-next"' in middle
    previous = re.search(r'href="([^"]+)" id="card-previous"', middle).group(1)
    following = re.search(r'href="([^"]+)" id="card-next"', middle).group(1)
    assert str(first.pk) in previous and str(third.pk) in following
    assert "2 of 3" in middle


def test_a_board_card_opens_the_card_which_walks_the_board_column(admin_client):
    vacancy = VacancyFactory(name="Board vacancy")
    people = [CandidateFactory(name=n) for n in ("Ann", "Bob")]
    for person, rating in zip(people, (90, 40), strict=True):
        application = services.application_create(
            candidate=person, vacancy=vacancy, source=ApplicationSource.CAREERS
        )
        application.ai_rating = rating
        application.save()
    board = admin_client.get(reverse("admin:candidates_vacancy_board", args=[vacancy.pk])).content.decode()
    first_link = re.search(r'href="(/admin/candidates/candidate/[^"]+/card/\?[^"]+)"', board).group(1)

    body = admin_client.get(first_link.replace("&amp;", "&")).content.decode()

    assert str(people[0].pk) in first_link and "stage=new" in first_link
    assert 'id="card-next"' in body and str(people[1].pk) in re.search(
        r'href="([^"]+)" id="card-next"', body
    ).group(1)
    assert 'id="card-previous"' not in body


def test_a_user_without_the_candidate_view_permission_gets_403(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    candidate = CandidateFactory()

    assert client.get(card(candidate.pk)).status_code == 403


def test_an_unknown_candidate_is_404(admin_client):
    assert admin_client.get(card("00000000-0000-0000-0000-000000000001")).status_code == 404


def test_a_broken_list_address_opens_the_card_without_next_and_previous(admin_client):
    candidate = CandidateFactory()

    response = admin_client.get(card(candidate.pk) + "?list=o%3Dzz%26nonsense__in%3Dx&q=a")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="card-next"' not in body and 'id="card-previous"' not in body


def test_next_and_previous_go_on_across_the_list_pages(admin_client, monkeypatch):
    from django.contrib import admin

    from candidates.models import Candidate

    monkeypatch.setattr(admin.site._registry[Candidate], "list_per_page", 2)
    people = [CandidateFactory(name=n, surname="Pager") for n in ("Ann", "Bob", "Cid")]
    listing = admin_client.get(reverse("admin:candidates_candidate_changelist") + "?o=1").content.decode()
    last_of_first_page = re.findall(r'href="(/admin/candidates/candidate/[^"]+/card/\?[^"]+)"', listing)[-1]

    body = admin_client.get(last_of_first_page.replace("&amp;", "&")).content.decode()

    following = re.search(r'href="([^"]+)" id="card-next"', body).group(1).replace("&amp;", "&")
    assert str(people[2].pk) in following and "p%3D2" in following
    on_page_two = admin_client.get(following).content.decode()
    previous = re.search(r'href="([^"]+)" id="card-previous"', on_page_two).group(1)
    assert str(people[1].pk) in previous
    assert 'id="card-next"' not in on_page_two
