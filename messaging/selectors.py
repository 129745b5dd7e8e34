"""Reads of the messaging domain."""

from django.db.models import Count, Q, QuerySet

from candidates.models import Application, Candidate
from messaging.channel_models import KIND_ORDER
from messaging.models import (
    CandidateChannel,
    ChannelKind,
    Message,
    MessageDirection,
    ScheduledMessage,
    ScheduledState,
    TelegramUpdate,
)
from messaging.transports import transport_kinds

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


def channel_by_reply_token(*, token: str) -> CandidateChannel | None:
    return CandidateChannel.objects.filter(reply_token=token[:32]).select_related("candidate").first()


def channels_usable(
    *, candidate: Candidate, kinds: list[str], rows: list[CandidateChannel] | None = None
) -> list[CandidateChannel]:
    """The channels of `kinds` we may send through now, the preferred first, then Telegram, MAX,
    e-mail. Read-only: the Telegram id or e-mail not recorded as a channel yet counts as one (unsaved;
    `messaging.channels.channels_sync` records it before a message is sent)."""
    # The candidate's channel rows: `rows` when given, else prefetch_related("channels") or a query.
    rows = list(candidate.channels.all()) if rows is None else list(rows)
    own = {
        ChannelKind.TELEGRAM: str(candidate.telegram_id) if candidate.telegram_id is not None else "",
        ChannelKind.EMAIL: candidate.email.strip().lower() if candidate.anonymized_at is None else "",
    }
    for kind, address in own.items():
        if address and not any(row.kind == kind and row.address == address for row in rows):
            rows.append(
                CandidateChannel(
                    candidate=candidate, kind=kind, address=address, consent_at=candidate.consent_at
                )
            )
    usable = [
        row
        for row in rows
        if row.usable and row.kind in kinds and (row.kind not in own or row.address == own[row.kind])
    ]
    return sorted(usable, key=lambda row: (not row.preferred, KIND_ORDER.index(row.kind), row.pk or 0))


def candidate_reach(*, candidate: Candidate) -> CandidateChannel | None:
    """The channel a message to the candidate would go through now (None: they cannot be reached)."""
    usable = channels_usable(candidate=candidate, kinds=transport_kinds())
    return usable[0] if usable else None
