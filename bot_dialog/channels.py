"""The messengers the dialog talks through: where each keeps its chat rows and its people.

The dialog is written once. What differs per messenger is small: which row holds a chat's
conversation (Telegram: `messaging.BotChat`; MAX: `max_bot.MaxChat`) and which update marks it
handled, how the messenger's user is found as a candidate, what a new candidate is linked by, and how
an inbound message is recorded. A front door registers its `DialogChannel` (Telegram's is built in);
`Incoming.channel` names the one an update came through.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot_dialog import texts
from bot_dialog.types import Incoming
from candidates.models import ApplicationSource, Candidate
from messaging import selectors, services
from messaging.models import BotChat

TELEGRAM = "telegram"


def _telegram_message_refs(incoming: Incoming) -> dict:
    return {"telegram_chat_id": incoming.chat_id, "telegram_message_id": incoming.message_id}


@dataclass(frozen=True)
class DialogChannel:
    name: str
    application_source: str
    # The chat's conversation row, locked until the surrounding transaction ends.
    chat_lock: Callable[[int], Any]
    # `messaging.services.bot_chat_save`'s keywords: move on and mark the update handled, one write.
    chat_save: Callable[..., Any]
    chat_model: type
    # The candidate this messenger's user is, or None.
    candidate_of: Callable[[int], Candidate | None]
    # What `candidates.services.Person` takes from the user id (Telegram: its telegram_id), and the
    # fields of it that find the person on record (`candidate_register`'s match_on) ...
    person_kwargs: Callable[[int], dict] = lambda user_id: {}
    match_on: tuple[str, ...] = ()
    # ... and what links the candidate once created (MAX: its own link row).
    candidate_created: Callable[[Candidate, int, int], None] = lambda candidate, user_id, chat_id: None
    # `message_receive`'s keywords for an inbound message: where it came from, its dedup key.
    message_refs: Callable[[Incoming], dict] = lambda incoming: {}
    # `interview_answer`'s and `booking_book`'s keywords naming who tapped the button.
    interview_owner: Callable[[int], dict] = field(default=lambda user_id: {})
    # "/hr <code>" links an HR user's notifications to this chat (Telegram only for now).
    hr_link: bool = False
    already_registered: Any = None  # a lazy text


_channels: dict[str, DialogChannel] = {}


def dialog_channel_register(channel: DialogChannel) -> None:
    """Called by a front door's AppConfig.ready()."""
    _channels[channel.name] = channel


def channel_named(name: str) -> DialogChannel:
    return _channels[name]


def channel_of_chat(chat: Any) -> DialogChannel:
    return next(channel for channel in _channels.values() if isinstance(chat, channel.chat_model))


def _telegram_chat_lock(chat_id: int) -> BotChat:
    return services.bot_chat_lock(telegram_chat_id=chat_id)


def _telegram_candidate(user_id: int) -> Candidate | None:
    return selectors.candidate_by_telegram_id(telegram_id=user_id)


def _telegram() -> DialogChannel:
    return DialogChannel(
        name=TELEGRAM,
        application_source=ApplicationSource.TELEGRAM,
        chat_lock=_telegram_chat_lock,
        chat_save=services.bot_chat_save,
        chat_model=BotChat,
        candidate_of=_telegram_candidate,
        person_kwargs=lambda user_id: {"telegram_id": user_id},
        match_on=("telegram_id",),
        message_refs=_telegram_message_refs,
        interview_owner=lambda user_id: {"telegram_user_id": user_id},
        hr_link=True,
        already_registered=texts.ALREADY_REGISTERED,
    )


dialog_channel_register(_telegram())
