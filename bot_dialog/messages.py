"""Messages outside a command: the answer to the current step, or free text passed on to HR."""

from django.db import transaction

from bot_dialog import registration, texts, upkeep
from bot_dialog.apply import step_awaiting_cv
from bot_dialog.common import (
    candidate_of,
    in_chat_language,
    locked_chat,
    mark_handled,
    pass_to_hr,
    text,
)
from bot_dialog.types import Incoming, Outcome, Reply
from messaging.models import BotChat, ChatStep

_STEPS = {
    **registration.STEPS,
    **upkeep.STEPS,
    ChatStep.AWAITING_CV: step_awaiting_cv,
    ChatStep.AWAITING_NEW_CV: step_awaiting_cv,
}


@in_chat_language
def message(incoming: Incoming) -> Outcome:
    """A text, contact, document or anything else the candidate sent outside of a command."""
    with transaction.atomic():
        chat = locked_chat(incoming)
        if chat is None:
            return Outcome()
        outcome = _STEPS.get(chat.step, _to_hr)(incoming, chat)
        if outcome.download is None:
            mark_handled(chat, incoming)
        return outcome


def _to_hr(incoming: Incoming, chat: BotChat) -> Outcome:
    """No step in progress: text goes to HR as an inbound message."""
    candidate = candidate_of(incoming)
    if candidate is None:
        return Outcome([Reply(text(texts.NOT_REGISTERED))])
    if incoming.document is not None:
        return Outcome([Reply(text(texts.CV_WITHOUT_VACANCY))])
    if not incoming.text or not incoming.text.strip():
        return Outcome([Reply(text(texts.TEXT_ONLY_FOR_HR))])
    return Outcome(pass_to_hr(incoming, chat, candidate))
