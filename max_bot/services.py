"""The MAX bot's writes: its inbox of updates, the dialogs' rows and the link of a MAX user to a candidate."""

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Candidate
from max_bot.models import MaxChat, MaxUpdate, MaxUser
from messaging.bot_chats import bot_chat_state_save
from messaging.channels import channel_record
from messaging.models import ChannelKind

RECENT_UPDATES_KEPT = 50
INBOX_KEEP = dt.timedelta(hours=48)


def _field(value, *path):
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def update_key(payload: dict) -> str | None:
    """What identifies an update MAX may hand out twice, or None for one the bot does not handle."""
    kind = payload.get("update_type")
    if kind == "message_created" and (mid := _field(payload, "message", "body", "mid")):
        return f"m:{mid}"[:200]
    if kind == "message_callback" and (callback_id := _field(payload, "callback", "callback_id")):
        return f"c:{callback_id}"[:200]
    if kind == "bot_started":
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]
        return f"s:{payload.get('chat_id')}:{payload.get('timestamp')}:{digest}"
    return None


def update_chat(payload: dict) -> int | None:
    """The dialog an update belongs to, or None (a group chat, or nothing says)."""
    kind = payload.get("update_type")
    if kind == "bot_started":
        chat = payload.get("chat_id")
    else:
        recipient = _field(payload, "message", "recipient") or {}
        if recipient.get("chat_type") not in (None, "dialog"):
            return None
        chat = recipient.get("chat_id")
    return chat if isinstance(chat, int) and not isinstance(chat, bool) else None


def max_updates_store(*, payloads: list[dict]) -> list[int]:
    """Store the updates the bot handles, once each; the ids of the new rows, in order."""
    fresh = []
    for payload in payloads:
        key, chat_id = update_key(payload), update_chat(payload)
        if key is None or chat_id is None:
            continue
        try:
            with transaction.atomic():
                row = MaxUpdate.objects.create(
                    key=key, update_type=payload["update_type"], chat_id=chat_id, payload=payload
                )
        except IntegrityError:
            continue  # handed out again: stored before
        fresh.append(row.id)
    return fresh


def max_update_mark_handled(*, update_id: int) -> bool:
    return bool(MaxUpdate.objects.filter(pk=update_id, handled_at=None).update(handled_at=timezone.now()))


def max_updates_purge(*, older_than: dt.timedelta = INBOX_KEEP) -> int:
    """Forget handled updates (they hold personal data)."""
    deleted, _ = MaxUpdate.objects.filter(handled_at__lt=timezone.now() - older_than).delete()
    return deleted


def max_chat_lock(*, chat_id: int) -> MaxChat:
    """The dialog's conversation row, locked until the surrounding transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("max_chat_lock must run inside transaction.atomic()")
    MaxChat.objects.get_or_create(chat_id=chat_id)
    return MaxChat.objects.select_for_update().get(chat_id=chat_id)


def max_chat_save(
    *,
    chat: MaxChat,
    update_id: int | None,
    step: str | None = None,
    data: dict | None = None,
    hr_note_sent: bool = False,
    language: str | None = None,
) -> MaxChat:
    """Move the conversation on and mark the update handled, in one write (as `bot_chat_save`)."""
    bot_chat_state_save(
        chat=chat, update_id=update_id, step=step, data=data, hr_note_sent=hr_note_sent, language=language
    )
    if update_id is not None:
        max_update_mark_handled(update_id=update_id)
    return chat


def max_user_link(*, candidate: Candidate, user_id: int, chat_id: int) -> MaxUser:
    """The MAX user is this candidate (registered through the bot); their dialog is `chat_id`, which
    becomes the candidate's MAX channel (`messaging.CandidateChannel`: HR's replies go there). A
    candidate registering has one MAX account: a newer one replaces the link of an older one (a merge
    of two candidates may leave the kept one with both)."""
    MaxUser.objects.filter(candidate=candidate).exclude(user_id=user_id).delete()
    link, _ = MaxUser.objects.update_or_create(
        user_id=user_id, defaults={"candidate": candidate, "chat_id": chat_id}
    )
    channel_record(candidate=candidate, kind=ChannelKind.MAX, address=chat_id)
    return link


def max_user_erase(*, candidate: Candidate) -> int:
    """Forget a candidate's MAX links, their dialogs with the bot and the raw updates they hold."""
    links = MaxUser.objects.filter(candidate=candidate)
    chats = list(links.values_list("chat_id", flat=True))
    MaxChat.objects.filter(chat_id__in=chats).delete()
    deleted, _ = MaxUpdate.objects.filter(chat_id__in=chats).delete()
    links.delete()
    return deleted
