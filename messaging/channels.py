"""Services of a candidate's channels: recording them, choosing the one to send through, bounces,
unsubscribes and the preferred one.

A candidate's Telegram id and e-mail stay on the candidate (the API and the forms use them); their
channel rows follow them (`channels_sync`, run before a channel is chosen), so every path that
records a Telegram id or an e-mail makes the candidate reachable there. MAX chats have no field on
the candidate: the MAX bot records them with `channel_record`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Candidate
from messaging import transports
from messaging.channel_models import CandidateChannel, ChannelKind
from messaging.selectors import channels_usable

MESSENGERS = frozenset({ChannelKind.TELEGRAM, ChannelKind.MAX})


class CandidateUnreachable(ValidationError):
    """The candidate has no channel we may send through (none, bounced, unsubscribed, no consent)."""


def normalize_address(kind: str, address: str | int) -> str:
    address = str(address).strip()
    return address.lower() if kind == ChannelKind.EMAIL else address


def channel_record(
    *, candidate: Candidate, kind: str, address: str | int, consent_at: dt.datetime | None = None
) -> CandidateChannel:
    """The candidate's channel of `kind` at `address`, created when new. A messenger chat recorded
    for another candidate moves to this one (the chat is the person's). Consent, once given, stays;
    a bounced or unsubscribed address the candidate gives again is not revived here."""
    if kind not in ChannelKind.values:
        raise ValueError(f"Unknown channel kind {kind!r}")
    address = normalize_address(kind, address)
    with transaction.atomic():
        if kind in MESSENGERS:
            CandidateChannel.objects.filter(kind=kind, address=address).exclude(candidate=candidate).update(
                candidate=candidate, preferred=False, updated_at=timezone.now()
            )
        try:
            with transaction.atomic():
                channel, _ = CandidateChannel.objects.get_or_create(
                    candidate=candidate, kind=kind, address=address, defaults={"consent_at": consent_at}
                )
        except IntegrityError:  # recorded concurrently
            channel = CandidateChannel.objects.get(candidate=candidate, kind=kind, address=address)
        if consent_at is not None and channel.consent_at is None:
            channel.consent_at = consent_at
            channel.save(update_fields=["consent_at", "updated_at"])
    return channel


def _named_channels(candidate: Candidate) -> list[tuple[str, str | int, dt.datetime | None]]:
    """(kind, address, consent) of the channels the candidate's own fields name (Telegram id, e-mail)."""
    named: list[tuple[str, str | int, dt.datetime | None]] = []
    if candidate.telegram_id is not None:
        named.append((ChannelKind.TELEGRAM, candidate.telegram_id, None))
    if candidate.email and candidate.anonymized_at is None:
        named.append((ChannelKind.EMAIL, candidate.email, candidate.consent_at))
    return named


def _recorded(rows: list[CandidateChannel], kind: str, address: str | int, consent_at) -> bool:
    address = normalize_address(kind, address)
    return any(
        row.kind == kind and row.address == address and (consent_at is None or row.consent_at is not None)
        for row in rows
    )


def channels_sync(*, candidate: Candidate, rows: list[CandidateChannel] | None = None) -> bool:
    """Record the channels the candidate's own fields name and `rows` (the candidate's channel rows,
    read when not given) lack; returns whether anything was written. Sending reads the rows anyway: a candidate whose
    channels are all recorded costs no write (and holds no channel row while the message commits)."""
    if rows is None:
        rows = list(CandidateChannel.objects.filter(candidate=candidate))
    missing = [named for named in _named_channels(candidate) if not _recorded(rows, *named)]
    for kind, address, consent_at in missing:
        channel_record(candidate=candidate, kind=kind, address=address, consent_at=consent_at)
    return bool(missing)


def channels_open(*, candidate: Candidate) -> list[CandidateChannel]:
    """The channels we may send through now (recorded first), the preferred first, then Telegram,
    MAX, e-mail; only kinds with a transport."""
    rows = list(CandidateChannel.objects.filter(candidate=candidate))  # fresh: not a stale prefetch
    if channels_sync(candidate=candidate, rows=rows):
        rows = list(CandidateChannel.objects.filter(candidate=candidate))
    return channels_usable(candidate=candidate, kinds=transports.transport_kinds(), rows=rows)


def channel_for_sending(*, candidate: Candidate, kind: str | None = None) -> CandidateChannel:
    """The channel a message to the candidate goes through: of `kind` when given, else the
    preferred one, else the first usable in the order Telegram, MAX, e-mail."""
    usable = channels_open(candidate=candidate)
    if kind:
        usable = [channel for channel in usable if channel.kind == kind]
    if not usable:
        if kind:
            raise CandidateUnreachable(f"The candidate cannot be reached through {kind}.")
        raise CandidateUnreachable(
            "The candidate has no channel to reach them (Telegram, MAX or e-mail with consent), "
            "so a message cannot be sent."
        )
    return usable[0]


def channel_set_preferred(*, channel: CandidateChannel) -> CandidateChannel:
    with transaction.atomic():
        now = timezone.now()
        CandidateChannel.objects.filter(candidate_id=channel.candidate_id, preferred=True).exclude(
            pk=channel.pk
        ).update(preferred=False, updated_at=now)
        channel.preferred = True
        channel.save(update_fields=["preferred", "updated_at"])
    return channel


def channel_mark_bounced(*, channel_id: int, reason: str) -> bool:
    """The address does not take our messages (a hard bounce, a blocked bot): stop using it."""
    now = timezone.now()
    return bool(
        CandidateChannel.objects.filter(pk=channel_id, bounced_at=None).update(
            bounced_at=now, bounce_reason=reason[:500], updated_at=now
        )
    )


def channel_revive(*, kind: str, address: str | int) -> bool:
    """A messenger chat wrote to us again (the user unblocked the bot): it works, so its bounce goes.
    Only for messengers: an e-mail address stays bounced until the candidate gives another one."""
    if kind not in MESSENGERS:
        return False
    return bool(
        CandidateChannel.objects.filter(kind=kind, address=normalize_address(kind, address))
        .exclude(bounced_at=None)
        .update(bounced_at=None, bounce_reason="", updated_at=timezone.now())
    )


def channel_unsubscribe(*, reply_token: str) -> CandidateChannel | None:
    """The candidate asked for no more messages through this channel (the unsubscribe link)."""
    channel = CandidateChannel.objects.filter(reply_token=reply_token).first()
    if channel is None:
        return None
    if channel.unsubscribed_at is None:
        channel.unsubscribed_at = timezone.now()
        channel.save(update_fields=["unsubscribed_at", "updated_at"])
    return channel


def channels_erase(*, candidate: Candidate) -> int:
    """Forget the candidate's addresses (erasure): their messages keep the channel's kind only."""
    deleted, _ = CandidateChannel.objects.filter(candidate=candidate).delete()
    return deleted
