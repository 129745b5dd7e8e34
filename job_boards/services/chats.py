"""A candidate's message in hh.ru's chat, brought into our conversation with them.

hh.ru notifies CHAT_MESSAGE_CREATED with the chat's and the message's ids (no text); the chat is the one
the new-response notification named (`chat_id`, kept on the response). The message is read with
GET /common/chats/{chat_id}/messages?start_message_id={id}&order=next&limit=1 and stored through
messaging's inbound path (`message_receive`: the candidate's chat in the back-office, HR notified,
OneF's `new_message`), once per hh chat and message id."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from job_boards.hh.client import HHClient
from job_boards.models import HHChatMessage, HHResponse
from job_boards.services.connection import hh_client
from messaging.models import MessageChannel
from messaging.services import TELEGRAM_MAX_TEXT, message_receive

logger = logging.getLogger(__name__)

NOT_FROM_CANDIDATE = {"EMPLOYER", "BOT"}  # the notification's `role` of messages we do not bring in


def _text(message: dict) -> str:
    payload = message.get("payload") if isinstance(message.get("payload"), dict) else {}
    text = str(payload.get("text") or "").strip()
    if not text and payload.get("attachments"):
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("(A file sent in hh.ru's chat: open the response on hh.ru to see it.)")
    return text[:TELEGRAM_MAX_TEXT]


def _from_candidate(payload: dict) -> bool:
    role = str(payload.get("role") or "").upper()
    kind = str(payload.get("message_type") or "SIMPLE").upper()
    return not payload.get("is_current_participant") and role not in NOT_FROM_CANDIDATE and kind == "SIMPLE"


def hh_chat_response_note(*, negotiation_id: str, chat_id: str) -> None:
    """Keep the chat of a response (named by the new-response notification) for its messages."""
    if negotiation_id and chat_id:
        HHResponse.objects.filter(hh_id=negotiation_id, chat_id="").update(chat_id=chat_id[:40])


def hh_chat_message_import(*, payload: dict, client: HHClient | None = None) -> bool:
    """Bring in the message a CHAT_MESSAGE_CREATED notification names; False when it was known, is not
    the candidate's, or belongs to a chat of no response imported here."""
    chat_id, message_id = str(payload.get("chat_id") or "")[:40], str(payload.get("message_id") or "")[:40]
    if not chat_id or not message_id or not _from_candidate(payload):
        return False
    if HHChatMessage.objects.filter(chat_id=chat_id, hh_message_id=message_id).exists():
        return False
    response = HHResponse.objects.filter(chat_id=chat_id).select_related("application__candidate").first()
    if response is None:
        logger.info("hh.ru chat %s belongs to no imported response; its message is not brought in", chat_id)
        return False
    answer = (client or hh_client()).get(
        f"/common/chats/{chat_id}/messages", start_message_id=message_id, order="next", limit=1
    )
    found = [
        m for m in answer.get("messages") or [] if isinstance(m, dict) and str(m.get("id")) == message_id
    ]
    text = _text(found[0]) if found else ""
    if not text:
        return False
    try:
        with transaction.atomic():
            message, _created = message_receive(
                candidate=response.application.candidate, text=text, channel=MessageChannel.HH
            )
            HHChatMessage.objects.create(
                response=response, chat_id=chat_id, hh_message_id=message_id, message=message
            )
    except IntegrityError:
        return False  # brought in meanwhile by a repeated notification's task
    return True
