"""Reads of the messaging domain."""

from django.db.models import Count, Q, QuerySet

from candidates.models import Application, Candidate
from messaging.models import (
    CandidateChannel,
    ChannelKind,
    Message,
    MessageDirection,
    ScheduledMessage,
    ScheduledState,
    TelegramUpdate,
)

UNREAD = Q(direction=MessageDirection.INBOUND, is_read=False)


def unread_count() -> int:
    return Message.objects.filter(UNREAD).count()


def candidates_with_unread_count(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Annotate `unread_count` (inbound messages HR has not read) in the same query."""
    return queryset.annotate(
        unread_count=Count(
            "messages", filter=Q(messages__direction=MessageDirection.INBOUND, messages__is_read=False)
        )
    )


def conversation(*, candidate: Candidate) -> QuerySet[Message]:
    return Message.objects.filter(candidate=candidate).order_by("created_at", "id")


def unread_count_of(*, candidate: Candidate) -> int:
    return Message.objects.filter(UNREAD, candidate=candidate).count()


def candidate_by_telegram_id(*, telegram_id: int) -> Candidate | None:
    return Candidate.objects.filter(telegram_id=telegram_id).first()


def candidate_has_messenger(*, candidate: Candidate) -> bool:
    """Whether a bot can write to the candidate: a Telegram account, or a MAX dialog that has not
    bounced (the invitations with buttons, tests and interviews, go to these)."""
    if candidate.telegram_id is not None:
        return True
    max_dialogs = CandidateChannel.objects.filter(
        candidate=candidate, kind=ChannelKind.MAX, bounced_at=None, unsubscribed_at=None
    )
    return max_dialogs.exists()


def candidate_last_inbound_at(*, candidate: Candidate):
    """When the candidate last wrote to HR (None if never)."""
    return (
        Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def candidate_applications(*, candidate: Candidate) -> QuerySet[Application]:
    """Newest first; ties broken by id, as everywhere else an application is listed."""
    return (
        Application.objects.filter(candidate=candidate)
        .select_related("vacancy")
        .order_by("-applied_at", "-id")
    )


def messages_export(*, candidate: Candidate) -> list[dict]:
    """A candidate's conversation for their data export."""
    fields = ["id", "direction", "text", "created_at", "delivery_status", "sent_at"]
    return list(Message.objects.filter(candidate=candidate).order_by("created_at", "id").values(*fields))


def telegram_updates_pending() -> list[dict]:
    """The raw updates stored but not handled yet, in the order Telegram handed them out."""
    return list(
        TelegramUpdate.objects.filter(handled_at=None).order_by("id").values_list("payload", flat=True)
    )


def scheduled_pending(*, candidate: Candidate) -> QuerySet[ScheduledMessage]:
    """The candidate's messages waiting for their time (quiet hours), soonest first."""
    return ScheduledMessage.objects.filter(candidate=candidate, state=ScheduledState.PENDING).order_by(
        "send_at", "id"
    )
