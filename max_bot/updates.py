"""A MAX update (dev.max.ru/docs-api: Update, Message, Callback, attachments) as the dialog's `Incoming`."""

import re
from dataclasses import dataclass

from bot_dialog import Document, Incoming
from max_bot.channel import MAX
from max_bot.services import update_chat


@dataclass(frozen=True)
class Parsed:
    incoming: Incoming
    kind: str  # "command", "message" or "callback"
    command: str = ""
    callback_id: str = ""
    callback_data: str = ""


def _user_id(user: dict | None) -> int | None:
    value = (user or {}).get("user_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def vcf_phone(vcf: str) -> str | None:
    """The first TEL of a vCard ("TEL;TYPE=cell:+7 916 123-45-67")."""
    match = re.search(r"^TEL[^:\r\n]*:([^\r\n]+)", vcf or "", flags=re.MULTILINE | re.IGNORECASE)
    return match.group(1).strip() if match else None


def _contact(attachments: list) -> dict:
    for attachment in attachments:
        if isinstance(attachment, dict) and attachment.get("type") == "contact":
            payload = attachment.get("payload") or {}
            info = payload.get("max_info") or {}
            return {
                "contact_phone": vcf_phone(payload.get("vcf_info") or "") or "",
                "contact_user_id": _user_id(info),
                "contact_first_name": info.get("first_name"),
                "contact_last_name": info.get("last_name"),
            }
    return {}


def _document(attachments: list) -> Document | None:
    for attachment in attachments:
        if isinstance(attachment, dict) and attachment.get("type") == "file":
            url = (attachment.get("payload") or {}).get("url")
            size = attachment.get("size")
            if isinstance(url, str) and url:
                return Document(
                    file_id=url,
                    file_name=str(attachment.get("filename") or ""),
                    file_size=size if isinstance(size, int) else None,
                )
    return None


def parse(update_id: int, payload: dict) -> Parsed | None:
    """None for an update the bot does not answer (a group chat, a message of its own...)."""
    kind, chat_id, locale = payload.get("update_type"), update_chat(payload), payload.get("user_locale")
    if chat_id is None:
        return None
    base = {"update_id": update_id, "chat_id": chat_id, "language_code": locale, "channel": MAX}
    if kind == "bot_started":
        user_id = _user_id(payload.get("user"))
        start = payload.get("payload")
        text = f"/start {start}" if isinstance(start, str) and start else "/start"
        if user_id is None:
            return None
        return Parsed(Incoming(user_id=user_id, text=text, **base), "command", command="start")
    if kind == "message_callback":
        callback = payload.get("callback") or {}
        user_id = _user_id(callback.get("user"))
        if user_id is None or not callback.get("callback_id"):
            return None
        incoming = Incoming(user_id=user_id, **base)
        return Parsed(
            incoming,
            "callback",
            callback_id=callback["callback_id"],
            callback_data=str(callback.get("payload") or ""),
        )
    message = payload.get("message") or {}
    sender, body = message.get("sender") or {}, message.get("body") or {}
    user_id = _user_id(sender)
    if kind != "message_created" or user_id is None or sender.get("is_bot"):
        return None
    attachments = body.get("attachments") or []
    text = body.get("text") if isinstance(body.get("text"), str) else None
    if not text and not attachments:
        text = None
    incoming = Incoming(
        user_id=user_id,
        text=text or None,
        document=_document(attachments),
        external_id=str(body.get("mid") or ""),
        **_contact(attachments),
        **base,
    )
    if text and text.startswith("/"):
        name = text.split()[0][1:].split("@")[0].lower()
        return Parsed(incoming, "command", command=name)
    return Parsed(incoming, "message")
