"""Handle one stored MAX update: the dialog (bot_dialog) answers, and its replies go to MAX.

The same in both modes: the poller (run_max_bot) calls it for each update it stored, the Celery
workers for each one the webhook stored (messaging.inbox). The dialog marks the update handled in the
transaction of its effects; an update no dialog step recorded (a group chat, an old button, a
failure) is marked handled at the end, as the Telegram bot does.
"""

import logging

from django.conf import settings
from django.utils import translation

import bot_dialog as dialog
from bot_dialog import texts as dialog_texts
from core.languages import language_from_telegram
from max_bot import services, texts
from max_bot.render import message_body
from max_bot.updates import Parsed, parse
from messaging.max_api import MaxClient

logger = logging.getLogger(__name__)


def _send(client: MaxClient, parsed: Parsed, replies: list[dialog.Reply]) -> None:
    callback_answered = False
    for reply in replies:
        body = message_body(reply)
        if reply.edit and parsed.callback_id and not callback_answered:
            answer = client.answer_callback(callback_id=parsed.callback_id, message=body)
            callback_answered = answer.ok
            if answer.ok:
                continue
        client.send_message(chat_id=parsed.incoming.chat_id, body=body)
    if parsed.callback_id and not callback_answered:
        with translation.override(language_from_telegram(parsed.incoming.language_code)):
            client.answer_callback(callback_id=parsed.callback_id, notification=str(texts.BUTTON_TAPPED))


def _download_and_apply(client: MaxClient, parsed: Parsed, document: dialog.Document) -> list[dialog.Reply]:
    try:
        content = client.download(document.file_id, max_bytes=settings.CV_MAX_BYTES)
    except Exception as error:  # network, MAX, or larger than announced: the candidate sends it again
        logger.warning(
            "Could not download the CV of MAX update %s: %s", parsed.incoming.update_id, type(error).__name__
        )
        with translation.override(language_from_telegram(parsed.incoming.language_code)):
            return [dialog.Reply(str(texts.CV_DOWNLOAD_FAILED))]
    return dialog.apply_with_cv(parsed.incoming, content).replies


def _dialog(client: MaxClient, parsed: Parsed) -> None:
    incoming = parsed.incoming
    if parsed.kind == "command":
        outcome = dialog.command(incoming, parsed.command)
    elif parsed.kind == "callback":
        outcome = dialog.callback(incoming, parsed.callback_data)
    else:
        outcome = dialog.message(incoming)
    _send(client, parsed, outcome.replies)
    if outcome.download is not None:
        _send(client, parsed, _download_and_apply(client, parsed, outcome.download))


def handle_update(*, update_id: int, payload: dict, client: MaxClient | None = None) -> None:
    """Handle the stored update `update_id` (its `payload`); never raises for the update's content."""
    client = client or MaxClient()
    parsed = parse(update_id, payload)
    try:
        if parsed is not None:
            with translation.override(settings.LANGUAGE_CODE):
                _dialog(client, parsed)
    except Exception:
        logger.exception("Handling MAX update %s failed", update_id)
        if parsed is not None:
            with translation.override(language_from_telegram(parsed.incoming.language_code)):
                apology = str(dialog_texts.APOLOGY)
            if parsed.callback_id:  # a tapped button is answered whatever happened
                client.answer_callback(callback_id=parsed.callback_id, notification=apology)
            else:
                client.send_message(chat_id=parsed.incoming.chat_id, body={"text": apology})
    services.max_update_mark_handled(update_id=update_id)
