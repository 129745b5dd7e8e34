"""Helpers every step of the dialog uses: the chat row, the candidate, the main menu."""

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from bot_dialog import texts
from bot_dialog.channels import DialogChannel, channel_named, channel_of_chat
from bot_dialog.types import Button, Incoming, Reply
from candidates.models import Candidate
from core.languages import language_from_telegram
from messaging import selectors, services
from messaging.models import BotChat

T = TypeVar("T")


def text(lazy_text) -> str:
    """A (lazily translated) text of `texts`, rendered in the active language."""
    return str(lazy_text)


def cv_rejected(error: ValidationError) -> Reply:
    """The file is not taken as a CV (candidates.services.cv_check says why): another one, please."""
    return Reply(texts.CV_REJECTED.format(reason=" ".join(error.messages)))


def menu(message: str) -> Reply:
    return Reply(
        text=message,
        buttons=(
            (
                Button(text(texts.MENU_VACANCIES), "vacs:0"),
                Button(text(texts.MENU_APPLICATIONS), "apps"),
            ),
        ),
    )


def channel_of(incoming: Incoming) -> DialogChannel:
    return channel_named(incoming.channel)


def candidate_of(incoming: Incoming) -> Candidate | None:
    return channel_of(incoming).candidate_of(incoming.user_id)


def chat_save(*, chat: Any, update_id: int | None, **changes: Any) -> Any:
    """Move the conversation on and mark the update handled (in its channel's inbox), in one write."""
    return channel_of_chat(chat).chat_save(chat=chat, update_id=update_id, **changes)


def in_chat_language(function: Callable[..., T]) -> Callable[..., T]:
    """An entry point of the dialog: `locked_chat` switches to the chat's language for its replies,
    and the language active before is back when it returns."""

    @functools.wraps(function)
    def run(*args, **kwargs) -> T:
        with translation.override(translation.get_language()):
            return function(*args, **kwargs)

    return run


def locked_chat(incoming: Incoming) -> BotChat | None:
    """The chat row locked for this transaction, or None when the update was handled already."""
    chat = channel_of(incoming).chat_lock(incoming.chat_id)
    if incoming.update_id in chat.recent_update_ids:  # a replay after a worker restart
        return None
    if not chat.language:
        # The first update of the chat: a registered candidate's language, else the messenger's.
        candidate = candidate_of(incoming)
        chat.language = (candidate and candidate.language) or language_from_telegram(incoming.language_code)
    translation.activate(chat.language)  # until the entry point returns (in_chat_language)
    return chat


def mark_handled(chat: BotChat, incoming: Incoming) -> None:
    """Record the update as handled, unless the step that handled it has already done so."""
    if incoming.update_id not in chat.recent_update_ids:
        chat_save(chat=chat, update_id=incoming.update_id)


def pass_to_hr(incoming: Incoming, chat: BotChat, candidate: Candidate) -> list[Reply]:
    """The candidate's text reaches HR (an unread inbound message, `new_message`), in any step.

    The "passed to HR" note is sent when the candidate had not written for BOT_ACK_QUIET_HOURS
    (or ever), so a conversation gets one note, and a new one after a quiet period.
    """
    previous = selectors.candidate_last_inbound_at(candidate=candidate)
    _message, created = services.message_receive(
        candidate=candidate,
        text=incoming.text,
        **channel_of(incoming).message_refs(incoming),
    )
    quiet = previous is None or timezone.now() - previous >= dt.timedelta(hours=settings.BOT_ACK_QUIET_HOURS)
    send_note = created and quiet
    chat_save(chat=chat, update_id=incoming.update_id, hr_note_sent=send_note)
    return [Reply(text(texts.HR_NOTE))] if send_note else []
