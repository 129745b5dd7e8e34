"""candidates migration 0011: the former audit log (admin LogEntry lines) moves into the history,
without a second entry for an act the service had recorded already; going back removes only what
it added. Run with Django's migration executor on the test database."""

import datetime as dt

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from candidates.models import Candidate, HistoryEntry, HistoryKind
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, VacancyFactory

BEFORE = ("candidates", "0010_candidate_tally")
TARGET = ("candidates", "0011_history_from_audit_log")
WHEN = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def executor(settings, transactional_db):
    """An executor that sees every migration applied but the one under test (the suite builds its
    tables from the models, with --no-migrations: the schema is already the latest)."""
    settings.MIGRATION_MODULES = {}
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    graph_nodes = MigrationExecutor(connection).loader.graph.nodes
    faked = [key for key in graph_nodes if key not in applied and key != TARGET]
    for app_label, name in faked:
        recorder.record_applied(app_label, name)
    executor = MigrationExecutor(connection)
    if TARGET in applied:
        executor.migrate([BEFORE])
    yield executor
    # Back to the latest schema: going back to BEFORE also unapplied every later candidates migration.
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())
    if TARGET not in applied:
        faked.append(TARGET)
    for app_label, name in faked:
        recorder.record_unapplied(app_label, name)


def audit_line(user, candidate: Candidate, message: str, when: dt.datetime = WHEN) -> LogEntry:
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        action_flag=CHANGE,
        change_message=message,
        action_time=when,
    )


def service_entry(candidate: Candidate, kind: str, when: dt.datetime = WHEN, **values) -> HistoryEntry:
    entry = HistoryEntry.objects.create(candidate=candidate, kind=kind, **values)
    HistoryEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def migrate(executor: MigrationExecutor, target) -> None:
    executor.loader.build_graph()
    executor.migrate([target])


def rows(candidate: Candidate) -> list[tuple]:
    entries = HistoryEntry.objects.filter(candidate=candidate).order_by("created_at", "id")
    return [(e.kind, e.from_value, e.to_value, e.actor, e.actor_label, e.created_at) for e in entries]


def test_lines_become_entries_once_with_their_user_and_time_and_going_back_removes_them(executor):
    hr = UserFactory(username="olga")
    candidate = CandidateFactory()
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="QA (Python)"))
    later = WHEN + dt.timedelta(hours=1)
    # Acts the services recorded too: the view's line came a moment after the service's entry.
    service_entry(candidate, HistoryKind.STATUS_CHANGED, from_value="new", to_value="interview", actor=hr)
    audit_line(hr, candidate, "Status: new → interview", WHEN + dt.timedelta(milliseconds=80))
    service_entry(candidate, HistoryKind.GRADE_ADDED, to_value="82", actor=hr)
    audit_line(hr, candidate, "Added grade 82", WHEN + dt.timedelta(seconds=1))
    service_entry(candidate, HistoryKind.INVITED, to_value="5", details={"test": "SQL"}, actor=hr)
    audit_line(hr, candidate, "Invited to the test “SQL”")
    # Acts only the audit log had.
    audit_line(hr, candidate, "Exported the personal data (JSON)", later)
    audit_line(hr, candidate, "Scheduled an interview for 2026-03-05 10:00 UTC", later)
    audit_line(hr, candidate, "Stage (QA (Python)): interview → accepted (board)", later)
    audit_line(hr, candidate, "Shared grade 82 with OneF", later)  # no entry within the window
    audit_line(hr, candidate, "Something HR typed long ago", later)
    # Django's own form-save line stays Django's.
    audit_line(hr, candidate, '[{"changed": {"fields": ["Phone"]}}]', later)
    LogEntry.objects.create(
        user=hr,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr="x",
        action_flag=ADDITION,
        change_message="",
        action_time=later,
    )
    before = rows(candidate)

    migrate(executor, TARGET)

    added = [row for row in rows(candidate) if row not in before]
    assert sorted(added, key=lambda row: row[0]) == [
        (HistoryKind.DATA_EXPORTED, "", "", hr, "", later),
        (HistoryKind.GRADE_SHARED, "", "82", hr, "", later),
        (HistoryKind.INTERVIEW_SCHEDULED, "", "", hr, "", later),
        (HistoryKind.LEGACY_NOTE, "", "", hr, "", later),
        (HistoryKind.STATUS_CHANGED, "interview", "accepted", hr, "board", later),
    ]
    assert len(rows(candidate)) == len(before) + 5
    interview = HistoryEntry.objects.get(kind=HistoryKind.INTERVIEW_SCHEDULED)
    assert interview.details["starts_at"] == "2026-03-05T10:00:00+00:00"
    assert (
        HistoryEntry.objects.get(kind=HistoryKind.LEGACY_NOTE).details["text"]
        == "Something HR typed long ago"
    )
    board = HistoryEntry.objects.get(to_value="accepted")
    assert board.application == application
    assert LogEntry.objects.count() == 10  # the admin's log is kept as it was

    migrate(executor, BEFORE)

    assert rows(candidate) == before

    migrate(executor, TARGET)
    migrate(executor, TARGET)  # an already applied migration: nothing runs twice
    assert len(rows(candidate)) == len(before) + 5


def test_two_identical_acts_each_keep_their_own_entry(executor):
    hr = UserFactory()
    candidate = CandidateFactory()
    service_entry(candidate, HistoryKind.MESSAGE_SENT, actor=hr)
    audit_line(hr, candidate, "Sent a Telegram message", WHEN + dt.timedelta(milliseconds=50))
    audit_line(hr, candidate, "Sent a Telegram message", WHEN + dt.timedelta(seconds=20))

    migrate(executor, TARGET)

    sent = HistoryEntry.objects.filter(candidate=candidate, kind=HistoryKind.MESSAGE_SENT)
    assert sent.count() == 2  # the first line matched the service's entry, the second had none
    assert sent.filter(created_at=WHEN + dt.timedelta(seconds=20), actor=hr).exists()


def test_lines_about_deleted_candidates_are_left_alone(executor):
    hr = UserFactory()
    gone = CandidateFactory()
    audit_line(hr, gone, "Exported the personal data (JSON)")
    Candidate.objects.filter(pk=gone.pk).delete()

    migrate(executor, TARGET)

    assert not HistoryEntry.objects.exists()
