"""The history of a candidate and of each application, the one audit trail: written by the service
that does the thing, in its transaction, for every path (admin, board, bulk actions, API, bot)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from candidates.models import Application, Candidate, HistoryEntry, HistoryKind


def history_record(
    *,
    candidate: Candidate | None = None,
    candidate_id=None,
    kind: str,
    application: Application | None = None,
    from_value: str = "",
    to_value: str = "",
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
    details: dict[str, Any] | None = None,
) -> HistoryEntry:
    if kind not in HistoryKind.values:
        raise ValueError(f"Unknown history kind {kind!r}.")
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return HistoryEntry.objects.create(
        candidate_id=candidate.pk if candidate is not None else candidate_id,
        application=application,
        kind=kind,
        from_value=from_value[:40],
        to_value=to_value[:40],
        actor=user,
        actor_label=actor_label[:150],
        details=details or {},
    )


def history_status_change(
    *,
    candidate: Candidate,
    application: Application | None,
    old: str,
    new: str,
    actor: AbstractBaseUser | None,
    actor_label: str,
) -> HistoryEntry:
    return history_record(
        candidate=candidate,
        application=application,
        kind=HistoryKind.STATUS_CHANGED,
        from_value=old,
        to_value=new,
        actor=actor,
        actor_label=actor_label,
    )


def history_applied(
    *, application: Application, actor: AbstractBaseUser | None = None, actor_label: str = ""
) -> HistoryEntry:
    return history_record(
        candidate_id=application.candidate_id,
        application=application,
        kind=HistoryKind.APPLIED,
        to_value=application.status,
        actor=actor,
        actor_label=actor_label,
        details={"vacancy_id": application.vacancy_id},
    )
