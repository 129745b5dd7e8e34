import pytest
from django.core.files.base import ContentFile

from candidates.models import Application
from messaging.models import BotChat, ChatStep
from tests.factories import ApplicationFactory, CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def candidate(chat):
    return CandidateFactory(telegram_id=chat.user_id, name="Ann")


def test_vacancies_are_listed_in_pages_with_details(bot, chat, candidate):
    vacancies = [VacancyFactory(name=f"Job {n:02d}") for n in range(7)]
    VacancyFactory(name="Job hidden", is_published=False)

    first = chat.say("/vacancies")
    assert "page 1 of 2" in first.text
    assert first.button_data() == [f"vac:{v.id}:0" for v in vacancies[:5]] + ["vacs:1"]

    chat.tap("vacs:1")
    second = chat.reply()
    assert second.method == "editMessageText"
    assert second.button_data() == [f"vac:{v.id}:1" for v in vacancies[5:]] + ["vacs:0"]

    chat.tap(f"vac:{vacancies[6].id}:1")
    details = chat.reply()
    assert details.text.startswith("Job 06")
    assert "Build and run our Python services." in details.text
    assert details.button_data() == [f"apply:{vacancies[6].id}", "vacs:1"]
    assert len(chat.fake.sent("answerCallbackQuery")) == 2


def test_apply_with_a_pdf_stores_the_cv_and_creates_the_application(bot, chat, candidate):
    vacancy = VacancyFactory(name="Python Developer")
    chat.tap(f"apply:{vacancy.id}")
    assert "send your CV" in chat.reply().text

    chat.send_document("Ann Smith CV.pdf", PDF)
    assert "application for Python Developer has been received" in chat.reply().text

    application = Application.objects.get(candidate=candidate, vacancy=vacancy)
    candidate.refresh_from_db()
    assert candidate.cv_filename == "Ann Smith CV.pdf"
    assert candidate.cv_file.read() == PDF
    # The screening ran after commit (eager Celery here) and marked the application as screened.
    application.refresh_from_db()
    assert application.screened_at is not None
    assert [c.params["path"] for c in chat.fake.sent("download")] == [
        chat.fake.sent("getFile")[0].params["file_id"].join(["documents/", "-Ann Smith CV.pdf"])
    ]
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_a_wrong_file_type_gets_a_clear_message_and_a_second_chance(bot, chat, candidate):
    vacancy = VacancyFactory()
    chat.tap(f"apply:{vacancy.id}")
    chat.reply()

    chat.send_document("photo.png", b"\x89PNG....", mime_type="image/png")
    assert chat.reply().text == (
        "Sorry, I could not use that file. The CV must be a PDF, DOCX or TXT file. Please send another one."
    )
    assert not Application.objects.exists()
    assert chat.fake.sent("getFile") == []

    chat.send("here is my cv")
    assert [("passed to our HR team" in r.text, "as a document" in r.text) for r in chat.replies(2)] == [
        (True, False),
        (False, True),
    ]

    chat.send_document("cv.txt", b"Python developer, 5 years", mime_type="text/plain")
    assert "has been received" in chat.reply().text
    assert Application.objects.filter(candidate=candidate, vacancy=vacancy).count() == 1


def test_a_file_over_the_size_limit_is_refused_before_downloading(bot, chat, candidate, settings):
    settings.CV_MAX_BYTES = 2 * 1024 * 1024
    vacancy = VacancyFactory()
    chat.tap(f"apply:{vacancy.id}")
    assert "at most 2 MB" in chat.reply().text
    chat.send_document("cv.pdf", PDF + b"0" * settings.CV_MAX_BYTES)
    assert chat.reply().text == (
        "Sorry, I could not use that file. The CV must be at most 2 MB. Please send another one."
    )
    assert chat.fake.sent("getFile") == []


def test_applying_twice_to_one_vacancy_is_refused_politely(bot, chat, candidate):
    vacancy = VacancyFactory(name="Data Engineer")
    ApplicationFactory(candidate=candidate, vacancy=vacancy)

    chat.tap(f"apply:{vacancy.id}")
    assert "already applied for Data Engineer" in chat.reply().text
    assert BotChat.objects.get(telegram_chat_id=chat.user_id).step == ChatStep.IDLE


def test_a_duplicate_found_only_when_the_cv_arrives_is_refused_politely(bot, chat, candidate):
    vacancy = VacancyFactory(name="Data Engineer")
    chat.tap(f"apply:{vacancy.id}")
    chat.reply()
    # Applied meanwhile through another channel (the API).
    ApplicationFactory(candidate=candidate, vacancy=vacancy)
    candidate.cv_file.save("old.pdf", ContentFile(PDF))

    chat.send_document("cv.pdf", PDF)
    assert "already applied for Data Engineer" in chat.reply().text
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_apply_needs_a_registration(bot, chat):
    vacancy = VacancyFactory()
    chat.tap(f"apply:{vacancy.id}")
    assert "not registered" in chat.reply().text


def test_my_applications_shows_each_application_with_a_status_in_plain_words(bot, chat, candidate):
    ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="Backend"), status="test_assigned")
    text = chat.say("/applications").text
    assert "Backend" in text
    assert "a technical test is waiting for you" in text


def test_my_applications_shows_each_applications_own_stage(bot, chat, candidate):
    ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="Backend"), status="test_completed")
    ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="DevOps"), status="new")
    lines = chat.say("/applications").text.splitlines()
    devops = next(line for line in lines if "DevOps" in line)
    backend = next(line for line in lines if "Backend" in line)
    assert "received, we will review it soon" in devops
    assert "reviewing your results" not in devops
    assert "test completed, we are reviewing your results" in backend
