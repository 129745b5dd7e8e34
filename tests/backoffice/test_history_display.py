"""backoffice.admin.history_display: a history entry as one sentence in the reader's language, built
from its kind and values, and who did it."""

import pytest
from django.utils import timezone, translation

from backoffice.admin.history_display import history_actor, history_rows, history_text
from candidates.models import HistoryEntry, HistoryKind
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def entry(kind: str, **values) -> HistoryEntry:
    return HistoryEntry.objects.create(
        candidate=values.pop("candidate", None) or CandidateFactory(), kind=kind, **values
    )


def in_both(item: HistoryEntry, show=history_text) -> tuple[str, str]:
    with translation.override("en"):
        english = show(item)
    with translation.override("ru"):
        russian = show(item)
    return english, russian


@pytest.mark.parametrize(
    ("kind", "values", "english", "russian"),
    [
        (HistoryKind.APPLIED, {"to_value": "new"}, "Applied", "Отклик"),
        (
            HistoryKind.STATUS_CHANGED,
            {"from_value": "reviewing", "to_value": "test_assigned"},
            "Stage changed: Reviewing → Test Assigned",
            "Этап изменён: На рассмотрении → Назначен тест",
        ),
        (HistoryKind.ANALYSED, {"to_value": "64"}, "AI analysis: rating 64/100", "Анализ ИИ: оценка 64/100"),
        (HistoryKind.ANALYSED, {}, "AI analysis without a rating", "Анализ ИИ без оценки"),
        (HistoryKind.GRADE_ADDED, {"to_value": "82"}, "Added grade 82", "Добавлена оценка 82"),
        (
            HistoryKind.GRADE_EDITED,
            {"from_value": "70", "to_value": "75"},
            "Grade changed: 70 → 75",
            "Оценка изменена: 70 → 75",
        ),
        (
            HistoryKind.GRADE_EDITED_AFTER_SHARING,
            {"from_value": "75", "to_value": "80"},
            "Grade changed after it was shared with OneF: 75 → 80",
            "Оценка изменена после передачи в OneF: 75 → 80",
        ),
        (
            HistoryKind.GRADE_SHARED,
            {"to_value": "80"},
            "Shared grade 80 with OneF",
            "Оценка 80 передана в OneF",
        ),
        (
            HistoryKind.INVITED,
            {"to_value": "7", "details": {"test": "SQL"}},
            "Invited to the test “SQL”",
            "Приглашён на тест «SQL»",
        ),
        (HistoryKind.MESSAGE_SENT, {}, "Sent a Telegram message", "Отправлено сообщение в Telegram"),
        (
            HistoryKind.ANONYMISED,
            {},
            "Anonymised the candidate's personal data",
            "Персональные данные кандидата обезличены",
        ),
        (
            HistoryKind.CV_UPDATED,
            {"details": {"filename": "cv.pdf"}},
            "CV replaced: cv.pdf",
            "Резюме заменено: cv.pdf",
        ),
        (
            HistoryKind.CONTACT_UPDATED,
            {"details": {"fields": ["email", "phone"]}},
            "Contact details updated: email, phone",
            "Контактные данные обновлены: эл. почта, телефон",
        ),
        (
            HistoryKind.DATA_EXPORTED,
            {},
            "Exported the personal data (JSON)",
            "Выгружены персональные данные (JSON)",
        ),
        (
            HistoryKind.LEGACY_NOTE,
            {"details": {"text": "Something HR typed long ago"}},
            "Something HR typed long ago",
            "Something HR typed long ago",
        ),
    ],
)
def test_each_kind_reads_as_a_sentence_in_english_and_russian(kind, values, english, russian):
    assert in_both(entry(kind, **values)) == (english, russian)


def test_every_kind_has_its_own_sentence():
    for kind in HistoryKind:
        text = history_text(HistoryEntry(kind=kind, to_value="1", details={"text": "x"}))
        assert text and text != kind.value


def test_the_interview_time_is_shown_in_the_readers_time_zone(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    scheduled = entry(HistoryKind.INTERVIEW_SCHEDULED, details={"starts_at": "2026-11-20T10:00:00+00:00"})
    with timezone.override("Europe/Moscow"):
        assert in_both(scheduled) == (
            "Interview scheduled for 20 November 2026, 13:00",
            "Собеседование назначено на 20 ноября 2026, 13:00",
        )


def test_an_interview_entry_without_a_readable_time_still_reads():
    assert history_text(entry(HistoryKind.INTERVIEW_SCHEDULED, details={"starts_at": "soon"})) == (
        "Interview scheduled"
    )


def test_who_is_the_user_and_the_path_in_the_readers_language():
    hr = UserFactory(username="anna")
    assert in_both(entry(HistoryKind.STATUS_CHANGED, actor=hr, actor_label="board"), history_actor) == (
        "anna (board)",
        "anna (доска)",
    )
    assert in_both(entry(HistoryKind.STATUS_CHANGED, actor_label="automatic rule"), history_actor) == (
        "automatic rule",
        "автоматическое правило",
    )
    assert in_both(entry(HistoryKind.INVITED, actor_label="API key OneF"), history_actor) == (
        "API key OneF",
        "API-ключ OneF",
    )
    assert in_both(entry(HistoryKind.APPLIED), history_actor) == ("system", "система")
    assert history_actor(entry(HistoryKind.APPLIED, actor_label="a path we do not know")) == (
        "a path we do not know"
    )


def test_rows_carry_the_vacancy_of_the_application():
    application = ApplicationFactory(vacancy__name="QA")
    moved = entry(
        HistoryKind.STATUS_CHANGED,
        candidate=application.candidate,
        application=application,
        from_value="new",
        to_value="reviewing",
    )
    about_the_candidate = entry(HistoryKind.MESSAGE_SENT, candidate=application.candidate)
    rows = history_rows([moved, about_the_candidate])
    assert [(row.kind, row.application) for row in rows] == [
        (HistoryKind.STATUS_CHANGED, "QA"),
        (HistoryKind.MESSAGE_SENT, ""),
    ]
