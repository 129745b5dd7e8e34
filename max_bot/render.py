"""The dialog's `Reply` as MAX's NewMessageBody: the text, and its buttons as an inline_keyboard
attachment (callback buttons; "share contact" is a request_contact button)."""

from bot_dialog import Reply
from messaging.max_api import MAX_TEXT

BUTTON_TEXT_MAX = 128


def message_body(reply: Reply) -> dict:
    body: dict = {"text": reply.text[:MAX_TEXT]}
    rows = [
        [
            {"type": "callback", "text": button.label[:BUTTON_TEXT_MAX], "payload": button.data}
            for button in row
        ]
        for row in reply.buttons
    ]
    if reply.ask_contact:
        rows.append([{"type": "request_contact", "text": reply.contact_label[:BUTTON_TEXT_MAX]}])
    # An empty list removes the keyboard of an edited message; a new message simply has none.
    body["attachments"] = [{"type": "inline_keyboard", "payload": {"buttons": rows}}] if rows else []
    return body
