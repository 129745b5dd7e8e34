"""What the handlers hand to the dialog (`Incoming`) and what it answers (`Outcome` of `Reply`s)."""

from dataclasses import dataclass, field

from bot_dialog import texts


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    ask_contact: bool = False
    # Rendered when the reply is made, in the chat's language (the handler sends it later).
    contact_label: str = field(default_factory=lambda: str(texts.SHARE_PHONE_BUTTON))
    remove_keyboard: bool = False
    # Replace the message whose inline button was tapped instead of sending a new one.
    edit: bool = False


@dataclass(frozen=True)
class Document:
    file_id: str
    file_name: str
    file_size: int | None


@dataclass(frozen=True)
class Incoming:
    update_id: int
    chat_id: int
    user_id: int
    message_id: int | None = None
    text: str | None = None
    contact_phone: str | None = None
    contact_user_id: int | None = None
    contact_first_name: str | None = None
    contact_last_name: str | None = None
    document: Document | None = None
    language_code: str | None = None  # the messenger user's, e.g. "ru" or "en-GB"
    channel: str = "telegram"  # the messenger it came through (`bot_dialog.channels`)
    external_id: str = ""  # the message's id where it is not an integer (MAX's mid)


@dataclass
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    # Set when a CV passed the checks: the handler downloads it and calls `apply_with_cv`.
    download: Document | None = None
