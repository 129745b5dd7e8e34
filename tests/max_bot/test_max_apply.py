"""The done-when story: a MAX user registers and applies in Russian with a CV through the MAX API,
and OneF hears `new_application`; the buttons they tap are answered."""

import pytest

from candidates.models import Application, ApplicationSource, Candidate
from max_bot.models import MaxChat, MaxUpdate, MaxUser
from messaging.models import CandidateChannel
from tests.factories import CandidateFactory, VacancyFactory
from tests.webhooks.conftest import received_bodies

pytestmark = pytest.mark.django_db

USER = 5550001
CHAT = USER + 1  # the fake's dialog id for the user
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _register(bot, fake) -> Candidate:
    fake.start(USER)
    bot.step()
    assert "зарегистрир" in bot.last_text(CHAT).lower()
    [share] = [b for b in fake.sent(chat_id=CHAT)[-1].buttons() if b["type"] == "request_contact"]
    assert share["text"]
    fake.contact(USER, "+79161234567")
    bot.step()
    assert "reg:yes" in fake.sent(chat_id=CHAT)[-1].callback_payloads()
    fake.tap(USER, "reg:yes")
    fake.message(USER, "anna@example.com")
    fake.message(USER, "12.04.1995")
    bot.step()
    return Candidate.objects.get()


def test_a_max_user_applies_in_russian_with_a_cv_and_onef_hears_new_application(
    bot, fake_max, onef_receiver, eager_celery, django_capture_on_commit_callbacks
):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("", status=200)
    vacancy = VacancyFactory(name="Python-разработчик")

    candidate = _register(bot, fake_max)
    assert (candidate.name, candidate.surname, candidate.phone) == ("Анна", "Смирнова", "+79161234567")
    assert candidate.language == "ru" and candidate.telegram_id is None
    assert MaxUser.objects.get(user_id=USER).candidate == candidate
    fake_max.tap(USER, "vacs:0")
    bot.step()
    assert f"vac:{vacancy.id}:0" in fake_max.answers()[-1].callback_payloads()  # the list replaced the menu
    fake_max.tap(USER, f"apply:{vacancy.id}")
    bot.step()
    assert "резюме" in bot.last_text(CHAT).lower()
    fake_max.file(USER, "cv.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        bot.step()

    application = Application.objects.get(candidate=candidate, vacancy=vacancy)
    assert application.source == ApplicationSource.MAX
    assert application.cv_file.read() == PDF
    assert "Python-разработчик" in bot.last_text(CHAT)
    [body] = received_bodies(onef_receiver)
    assert body["requestBody"]["event_type"] == "new_application"
    assert body["requestBody"]["vacancy_id"] == vacancy.id
    assert not MaxUpdate.objects.filter(handled_at=None).exists()


def test_every_tapped_button_is_answered_and_an_old_button_too(bot, fake_max):
    fake_max.start(USER)
    bot.step()
    fake_max.tap(USER, "something:from-an-older-version")
    fake_max.tap(USER, "lang:en")
    bot.step()

    answers = fake_max.answers()
    assert len(answers) == 2
    assert answers[0].body == {"notification": "Готово"}
    assert answers[1].text.startswith("Done: I will speak English")  # replaces the tapped message
    assert MaxChat.objects.get(chat_id=CHAT).language == "en"


def test_an_update_handed_out_twice_is_handled_once(bot, fake_max):
    update = fake_max.start(USER)
    bot.step()
    fake_max.push(dict(update))
    bot.step()

    assert len(fake_max.sent(chat_id=CHAT)) == 1
    assert MaxUpdate.objects.count() == 1


def test_a_cv_that_cannot_be_downloaded_gets_a_clear_message_and_nothing_is_created(bot, fake_max):
    vacancy = VacancyFactory()
    _register(bot, fake_max)
    fake_max.tap(USER, f"apply:{vacancy.id}")
    bot.step()
    fake_max.file(USER, "cv.pdf", PDF)
    del fake_max.files["cv.pdf"]  # MAX lost it
    bot.step()

    assert "не удалось загрузить этот файл из max" in bot.last_text(CHAT).lower()
    assert not Application.objects.exists()
    assert MaxChat.objects.get(chat_id=CHAT).step == "awaiting_cv"


def test_a_shared_max_contact_with_the_phone_of_a_careers_applicant_joins_their_record(bot, fake_max):
    known = CandidateFactory(name="Анна", surname="Смирнова", phone="+79161234567", telegram_id=None)

    candidate = _register(bot, fake_max)

    assert candidate == known and Candidate.objects.count() == 1
    assert MaxUser.objects.get(user_id=USER).candidate == known
    assert CandidateChannel.objects.get(kind="max").candidate == known


def test_a_typed_phone_never_joins_someone_s_record(bot, fake_max):
    CandidateFactory(phone="+79161234567", telegram_id=None)
    fake_max.start(USER)
    fake_max.message(USER, "+7 916 123-45-67")
    fake_max.message(USER, "Анна")
    fake_max.message(USER, "Смирнова")
    fake_max.message(USER, "anna@example.com")
    fake_max.message(USER, "12.04.1995")
    bot.step()

    assert Candidate.objects.count() == 2
    assert MaxUser.objects.get(user_id=USER).candidate.email == "anna@example.com"
