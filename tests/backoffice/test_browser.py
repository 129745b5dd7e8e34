"""Browser walk-through of the back-office as an HR manager, in headless Chromium (Playwright).

With UPDATE_SCREENSHOTS=1 it also refreshes the README's screenshots (docs/admin-dashboard.png,
docs/admin-candidate.png); otherwise they go to a temporary folder so a test run leaves the tree clean.
"""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.utils import timezone

from backoffice.permissions import hr_manager_group_sync
from candidates.models import Application, Candidate
from messaging.models import Message
from tests.browser import chromium
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    DeliveryFactory,
    MessageFactory,
    OutboundMessageFactory,
    TestFactory,
    UserFactory,
    VacancyFactory,
)

DOCS = settings.BASE_DIR / "docs"


def screenshot_folder(tmp_path):
    return DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def hiring_data() -> dict:
    """A small but lifelike pipeline, spread over the last weeks so the charts have something to show."""
    now = timezone.now()
    backend = VacancyFactory(name="Backend Developer (Python)")
    data_engineer = VacancyFactory(name="Data Engineer", source="external")
    VacancyFactory(name="QA Engineer")
    people = [
        ("Anna", "Novak", "interview", 86, backend),
        ("Ben", "Okafor", "test_completed", 74, backend),
        ("Chloe", "Martin", "test_assigned", 68, data_engineer),
        ("Dmitri", "Ivanov", "reviewing", 55, data_engineer),
        ("Elif", "Yilmaz", "accepted", 91, backend),
        ("Farid", "Haddad", "rejected", 32, data_engineer),
        ("Greta", "Lind", "new", 78, backend),
    ]
    candidates = {}
    for index, (name, surname, status, rating, vacancy) in enumerate(people):
        candidate = CandidateFactory(name=name, surname=surname, status=status, ai_rating=rating)
        for days_ago in range(index % 3, 28, 4 + index):
            ApplicationFactory(
                candidate=candidate if days_ago == index % 3 else CandidateFactory(),
                vacancy=vacancy,
                applied_at=now - dt.timedelta(days=days_ago, hours=index),
            )
        candidates[name] = candidate
    # Spread registrations over the weeks too, and give the later stages their test attempts.
    for application in Application.objects.select_related("candidate"):
        Candidate.objects.filter(pk=application.candidate_id).update(created_at=application.applied_at)
    test = TestFactory(title="Python & Django fundamentals")
    for name in ["Anna", "Ben", "Chloe", "Elif"]:
        status = {"Anna": "passed", "Ben": "needs_review", "Chloe": "pending", "Elif": "passed"}[name]
        started = None if status == "pending" else now - dt.timedelta(days=2)
        AttemptFactory(
            candidate=candidates[name], test=test, status=status, started_at=started, submitted_at=started
        )
    greta = candidates["Greta"]
    greta.cv_filename, greta.cv_text = (
        "greta-lind-cv.pdf",
        (
            "Greta Lind, Backend Developer\n\nExperience\n- 2021-2026 Python/Django developer at Nordlicht GmbH\n"
            "- 2018-2021 Junior developer, PostgreSQL and Celery\n\nSkills: Python, Django, PostgreSQL, Redis, Docker"
        ),
    )
    greta.save()
    AIAnalysisFactory(
        candidate=greta,
        rating=78,
        comment="Strong Python and Django; PostgreSQL experience matches the requirements.",
        breakdown=[
            {"criterion": "Python / Django", "score": 35, "max": 40},
            {"criterion": "Databases", "score": 25, "max": 30},
            {"criterion": "Seniority", "score": 18, "max": 30},
        ],
    )
    MessageFactory(candidate=greta, text="Hello! I applied for the backend role yesterday.")
    OutboundMessageFactory(candidate=greta, text="Hi Greta, thanks for applying! We are reviewing your CV.")
    MessageFactory(candidate=greta, text="Great, thank you. Is the position open to remote work?")
    MessageFactory(candidate=candidates["Ben"], text="I finished the test, what are the next steps?")
    DeliveryFactory(status="failed", last_status_code=503, event__event_type="grade_shared")
    return {"candidate": greta, "test": test}


def test_hr_manager_runs_the_pipeline_in_the_browser(browser, live_server, settings, tmp_path):
    settings.TELEGRAM_BOT_TOKEN = ""
    hr_user = UserFactory(username="hr.anna", first_name="Anna", is_staff=True)
    hr_user.groups.add(hr_manager_group_sync())
    data = hiring_data()
    candidate, test = data["candidate"], data["test"]
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.set_default_timeout(15_000)

    # Log in.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "hr.anna")
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")

    # Read the dashboard.
    page.wait_for_selector("#hr-dashboard")
    assert page.inner_text("[data-counter=candidates_total]") == str(_candidate_count())
    assert "not configured" in page.inner_text("#telegram-warning")
    assert "Greta Lind" in page.inner_text("#hr-unread")
    assert "Ben Okafor" in page.inner_text("#hr-needs-review")
    assert "HTTP 503" in page.inner_text("#hr-failing")
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshot_folder(tmp_path) / "admin-dashboard.png"), full_page=True)

    # Filter the candidates: those with unread messages.
    page.click("#hr-unread >> text=All candidates with unread messages")
    page.wait_for_selector("#result_list")
    names = page.locator("#result_list tbody th a").all_inner_texts()
    assert sorted(names) == ["Ben Okafor", "Greta Lind"]
    assert page.locator("#result_list .unread-badge").count() == 2

    # Open one: the thread is read, and the badge is gone afterwards.
    page.click("#result_list >> text=Greta Lind")
    page.wait_for_selector("#chat-thread")
    assert "remote work" in page.inner_text("#chat-thread")

    # Reply in the chat.
    page.fill("#reply-form textarea[name=text]", "Yes, remote work within the EU is possible.")
    page.click("#reply-send")
    page.wait_for_selector("#chat-thread >> text=remote work within the EU")
    assert "stays queued" in page.inner_text(".messagelist")
    assert Message.objects.filter(candidate=candidate, direction="outbound", sent_by=hr_user).count() == 1

    # Change the status from the form (the card's "Edit").
    page.click("#card-edit")
    page.select_option("select[name=status]", "interview")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    candidate.refresh_from_db()
    assert candidate.status == "interview"

    # Invite to a test from the list (intermediate page: test and expiry).
    page.goto(f"{live_server.url}/admin/candidates/candidate/?q=Greta")
    page.check(f"input[name=_selected_action][value='{candidate.pk}']")
    page.select_option("select[name=action]", "invite_to_test")
    page.click("button[name=index]")
    page.wait_for_selector("#invite-form")
    page.select_option("select[name=test]", str(test.pk))
    page.fill("input[name=expires_in_hours]", "72")
    page.click("#invite-apply")
    page.wait_for_selector(".messagelist")
    assert "1 candidate invited" in page.inner_text(".messagelist")
    assert candidate.attempts.filter(test=test, status="pending").count() == 1

    # Grade the candidate and share the grade with OneF.
    page.click("#result_list >> text=Greta Lind")
    page.click("#card-edit")
    page.fill("#grade-form input[name=value]", "82")
    page.fill("#grade-form textarea[name=comment]", "Solid backend skills, good communication.")
    page.click("#grade-add")
    page.wait_for_selector("#grades >> text=Solid backend skills")
    page.click("#grades input.share-grade")
    page.wait_for_selector("#grades >> text=Shared")
    grade = candidate.grades.get()
    assert grade.shared_by == hr_user and grade.shared_at is not None
    assert page.locator("#audit").count() == 0  # one trail: the history
    history = page.inner_text("#history")
    for line in [
        "Shared grade 82 with OneF",
        "Added grade 82",
        "Invited to the test",
        "Stage changed: New → Interview",
    ]:
        assert line in history
    page.evaluate("document.querySelector('#content-main').scrollIntoView()")
    page.screenshot(path=str(screenshot_folder(tmp_path) / "admin-candidate.png"), full_page=True)
    page.close()


def _candidate_count() -> int:
    return Candidate.objects.count()
