"""The board and the candidate page in headless Chromium, as an HR manager (the group, not a superuser):
drag a card, move one by keyboard, find a candidate by a word of the CV, and check accessibility (axe-core).

With UPDATE_SCREENSHOTS=1 it refreshes docs/screenshots/board.png and candidate-page.png (1440 px).
"""

import datetime as dt
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from backoffice.permissions import hr_manager_group_sync
from candidates.models import Application, HistoryEntry, HistoryKind
from tests.browser import browser_context, chromium
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    MessageFactory,
    TestFactory,
    UserFactory,
    VacancyFactory,
)
from tests.webhooks.conftest import onef_receiver, received_bodies, send_due

__all__ = ["onef_receiver"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = settings.BASE_DIR / "docs" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def folder(tmp_path):
    return SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path


def pipeline() -> dict:
    now = timezone.now()
    vacancy = VacancyFactory(name="Backend Developer (Python)")
    people = [
        ("Greta", "Lind", "reviewing", 78, "Python, Django and Terraform on AWS since 2019."),
        ("Ben", "Okafor", "reviewing", 74, "Go and Kubernetes."),
        ("Anna", "Novak", "interview", 86, "Python, FastAPI."),
        ("Chloe", "Martin", "test_assigned", 68, "Data pipelines, SQL."),
        ("Elif", "Yilmaz", "accepted", 91, "Python, Django."),
        ("Farid", "Haddad", "rejected", 32, "PHP."),
        ("Hugo", "Silva", "new", None, "Java, Spring."),
        ("Ines", "Kaur", "test_completed", 71, "Python, pandas."),
    ]
    applications = {}
    for index, (name, surname, status, rating, cv) in enumerate(people):
        candidate = CandidateFactory(name=name, surname=surname, status=status, ai_rating=rating, cv_text=cv)
        applications[name] = ApplicationFactory(
            candidate=candidate, vacancy=vacancy, applied_at=now - dt.timedelta(days=12 - index)
        )
        Application.objects.filter(pk=applications[name].pk).update(
            status_changed_at=now - dt.timedelta(days=index % 5)
        )
    MessageFactory(candidate=applications["Greta"].candidate, text="Is the role remote?")
    AttemptFactory(
        candidate=applications["Ines"].candidate,
        test=TestFactory(title="Python basics"),
        status="passed",
        percentage=84,
        started_at=now,
    )
    AIAnalysisFactory(
        candidate=applications["Greta"].candidate,
        application=applications["Greta"],
        rating=78,
        comment="Matched 2 of 3 required skills.",
        breakdown=[
            {
                "kind": "skill",
                "criterion": "Python",
                "weight": 3,
                "score": 1.0,
                "required": "required",
                "evidence": "Python",
            },
            {
                "kind": "skill",
                "criterion": "Django",
                "weight": 3,
                "score": 1.0,
                "required": "required",
                "evidence": "Django",
            },
            {
                "kind": "skill",
                "criterion": "PostgreSQL",
                "weight": 3,
                "score": 0.0,
                "required": "required",
                "evidence": "",
            },
        ],
    )
    return {"vacancy": vacancy, **applications}


def serious_violations(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def column_names(page, status: str) -> list[str]:
    return page.locator(f'.board-column[data-status="{status}"] .board-name').all_inner_texts()


def test_hr_manager_runs_a_vacancy_from_the_board(browser, live_server, onef_receiver, tmp_path):
    onef_receiver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    hr_user = UserFactory(username="hr.anna", is_staff=True, is_superuser=False)
    hr_user.groups.add(hr_manager_group_sync())
    data = pipeline()
    vacancy, greta, ben = data["vacancy"], data["Greta"], data["Ben"]
    with browser_context(browser, live_server, viewport={"width": 1440, "height": 1000}) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.anna")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-dashboard")

        # The dashboard leads to the board.
        page.click(f"#hr-boards >> text={vacancy.name}")
        page.wait_for_selector(".board-columns")
        assert sorted(column_names(page, "reviewing")) == ["Ben Okafor", "Greta Lind"]
        assert serious_violations(page) == []
        page.screenshot(path=str(folder(tmp_path) / "board.png"), full_page=False)

        # Drag Greta from "reviewing" to "interview".
        page.drag_and_drop(f"#card-{greta.pk}", '.board-column[data-status="interview"] .board-cards')
        page.wait_for_selector("#board-status >> text=Greta Lind moved")
        assert "Greta Lind" in column_names(page, "interview")
        assert page.inner_text('.board-column[data-status="reviewing"] [data-count]') == "1"
        greta.refresh_from_db()
        assert greta.status == "interview"

        # OneF receives exactly one candidate_status_changed.
        send_due()
        bodies = [body["requestBody"] for body in received_bodies(onef_receiver)]
        assert [(b["event_type"], b["candidate_id"], b["status"]) for b in bodies] == [
            ("candidate_status_changed", str(greta.candidate_id), "interview")
        ]

        # The same move by keyboard: the card's "Move to" list and its button.
        select = page.locator(f"#move-{ben.pk}")
        select.focus()
        for _ in range(3):  # reviewing -> test assigned -> test completed -> interview
            page.keyboard.press("ArrowDown")
        assert select.input_value() == "interview"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector("#board-status >> text=Ben Okafor moved")
        assert sorted(column_names(page, "interview")) == ["Anna Novak", "Ben Okafor", "Greta Lind"]
        ben.refresh_from_db()
        assert ben.status == "interview"

        # The board's filter box finds a candidate by a word of the CV.
        page.fill("#board-q", "terraform")
        page.press("#board-q", "Enter")
        page.wait_for_selector(".board-total >> text=1 application")
        assert page.locator(".board-name").all_inner_texts() == ["Greta Lind"]

        # So does the candidate list's search box.
        page.goto(f"{live_server.url}/admin/candidates/candidate/")
        page.fill("#searchbar", "Terraform")
        page.press("#searchbar", "Enter")
        page.wait_for_selector("#result_list")
        assert page.locator("#result_list tbody th a").all_inner_texts() == ["Greta Lind"]

        # The candidate page: header, history of the board move, readable analysis.
        page.click("#result_list >> text=Greta Lind")
        page.wait_for_selector("#card-name")  # the list opens the candidate card; "Edit" the form
        page.click("#card-edit")
        page.wait_for_selector("#header-stage")
        assert page.inner_text("#header-stage") == "Interview"
        history = page.inner_text("#history")
        assert "Stage changed: Reviewing → Interview" in history and "hr.anna (board)" in history
        assert "Missing" in page.inner_text("#ai-analyses")
        violations = serious_violations(page)
        assert violations == [], violations
        page.screenshot(path=str(folder(tmp_path) / "candidate-page.png"), full_page=False)
        page.close()
    assert HistoryEntry.objects.filter(kind=HistoryKind.STATUS_CHANGED, actor=hr_user).count() == 2


@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_the_candidate_table_and_the_review_column_fit_the_window(browser, live_server, width):
    hr_user = UserFactory(username="hr.ines", is_staff=True, is_superuser=False)
    hr_user.groups.add(hr_manager_group_sync())
    test = TestFactory(title="Python & Django fundamentals for backend developers")
    for index in range(3):
        candidate = CandidateFactory(
            name=f"Alexandra-Maria{index}",
            surname="Konstantinopolskaya-Wolfeschlegel",
            email=f"very.long.email.address.{index}@example-company-domain.com",
        )
        ApplicationFactory(candidate=candidate, vacancy__name="Senior Backend Developer (Python / Django)")
        AttemptFactory(
            candidate=candidate, test=test, status="needs_review", started_at=timezone.now(),
            submitted_at=timezone.now(),
        )  # fmt: skip
    with browser_context(browser, live_server, viewport={"width": width, "height": 900}) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.ines")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-needs-review")
        review = page.evaluate(
            "(() => { const e = document.querySelector('#hr-needs-review'); return [e.scrollWidth, e.clientWidth]; })()"
        )
        assert review[0] <= review[1]
        page.goto(f"{live_server.url}/admin/candidates/candidate/")
        edges = page.evaluate(
            "(() => [document.querySelector('#result_list').getBoundingClientRect().right,"
            " document.querySelector('#changelist .results').getBoundingClientRect().right])()"
        )
        assert edges[0] <= edges[1] + 1
        page.close()
