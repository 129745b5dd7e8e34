"""Keeping an application current from "My applications": a new CV (`newcv:<id>`), withdrawing
(`wd:<id>`, confirmed with `wdy:<id>`) and a new email or phone (`edit`, `edit:email`, `edit:phone`).
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from bot_dialog import texts
from bot_dialog.common import candidate_of, chat_save, cv_rejected, menu, pass_to_hr, text
from bot_dialog.types import Button, Incoming, Outcome, Reply
from bot_dialog.validators import InvalidAnswer, parse_email, parse_phone
from candidates.models import Application
from candidates.services import (
    application_replace_cv,
    application_withdraw,
    candidate_update_contact,
    cv_max_mb,
)
from messaging import selectors, services
from messaging.models import BotChat, ChatStep

BOT = "bot"


def _own_application(incoming: Incoming, application_id: int) -> Application | None:
    candidate = candidate_of(incoming)
    if candidate is None:
        return None
    return selectors.candidate_applications(candidate=candidate).filter(pk=application_id).first()


def ask_for_new_cv(incoming: Incoming, chat: BotChat, application_id: int) -> Reply:
    application = _own_application(incoming, application_id)
    if application is None:
        return Reply(text(texts.NOT_REGISTERED))
    if application.is_closed:
        return Reply(text(texts.APPLICATION_CLOSED))
    chat_save(
        chat=chat,
        update_id=incoming.update_id,
        step=ChatStep.AWAITING_NEW_CV,
        data={"application_id": application.id},
    )
    return Reply(texts.ASK_NEW_CV.format(vacancy=application.vacancy.name, max_mb=cv_max_mb()))


def store_new_cv(incoming: Incoming, chat: BotChat, content: bytes) -> Outcome:
    """The downloaded CV for `chat.data["application_id"]` (the chat is locked, in a transaction)."""
    application = _own_application(incoming, chat.data.get("application_id") or 0)
    if application is None or application.is_closed:
        chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
        return Outcome([Reply(text(texts.APPLICATION_CLOSED))])
    try:
        with transaction.atomic():
            application_replace_cv(
                application=application,
                content=content,
                filename=incoming.document.file_name,
                actor_label=BOT,
            )
    except ValidationError as error:
        chat_save(chat=chat, update_id=incoming.update_id)
        return Outcome([cv_rejected(error)])
    chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    return Outcome([menu(texts.NEW_CV_STORED.format(vacancy=application.vacancy.name))])


def confirm_withdraw(incoming: Incoming, application_id: int) -> Reply:
    application = _own_application(incoming, application_id)
    if application is None or application.is_closed:
        return Reply(text(texts.APPLICATION_CLOSED))
    buttons = (
        (
            Button(text(texts.BUTTON_CONFIRM_WITHDRAW), f"wdy:{application.id}"),
            Button(text(texts.BUTTON_KEEP), "apps"),
        ),
    )
    return Reply(texts.CONFIRM_WITHDRAW.format(vacancy=application.vacancy.name), buttons=buttons)


def withdraw(incoming: Incoming, application_id: int) -> Reply:
    application = _own_application(incoming, application_id)
    if application is None or not application_withdraw(application=application):
        return Reply(text(texts.APPLICATION_CLOSED))
    vacancy = application.vacancy.name
    # HR is told in the conversation they read (an unread inbound message, `new_message` for 1F).
    services.message_receive(
        candidate=application.candidate, text=texts.WITHDRAWN_FOR_HR.format(vacancy=vacancy)
    )
    return menu(texts.WITHDRAWN.format(vacancy=vacancy))


def edit_choice(incoming: Incoming, chat: BotChat, field: str = "") -> Reply:
    candidate = candidate_of(incoming)
    if candidate is None:
        return Reply(text(texts.NOT_REGISTERED))
    if field in ("email", "phone"):
        step = ChatStep.EDIT_EMAIL if field == "email" else ChatStep.EDIT_PHONE
        chat_save(chat=chat, update_id=incoming.update_id, step=step, data={})
        return Reply(text(texts.ASK_NEW_EMAIL if field == "email" else texts.ASK_NEW_PHONE))
    buttons = (
        (Button(text(texts.BUTTON_EMAIL), "edit:email"), Button(text(texts.BUTTON_PHONE), "edit:phone")),
    )
    details = texts.EDIT_WHAT.format(email=candidate.email or "-", phone=candidate.phone_display or "-")
    return Reply(details, buttons=buttons)


def _looks_like_a_message(value: str | None) -> bool:
    """A question or a sentence rather than a mistyped email or number ("ann@", "+7 916")."""
    value = value or ""
    return "?" in value or len(re.findall(r"[^\W\d_]{2,}", value)) >= 3


def _step_edit(incoming: Incoming, chat: BotChat, field: str) -> Outcome:
    candidate = candidate_of(incoming)
    if candidate is None:
        chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
        return Outcome([Reply(text(texts.NOT_REGISTERED))])
    try:
        if not (incoming.text or "").strip():
            raise InvalidAnswer(text(texts.EXPECTING_TEXT))
        value = parse_email(incoming.text) if field == "email" else parse_phone(incoming.text)
        with transaction.atomic():
            candidate_update_contact(candidate=candidate, actor_label=BOT, **{field: value})
    except (InvalidAnswer, ValidationError) as error:
        reason = error.reply if isinstance(error, InvalidAnswer) else " ".join(error.messages)
        # Not the answer asked for but words or a question: HR gets it too (nothing is lost).
        passed = pass_to_hr(incoming, chat, candidate) if _looks_like_a_message(incoming.text) else []
        return Outcome([*passed, Reply(reason)])
    chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    return Outcome([menu(text(texts.CONTACT_UPDATED))])


def step_edit_email(incoming: Incoming, chat: BotChat) -> Outcome:
    return _step_edit(incoming, chat, "email")


def step_edit_phone(incoming: Incoming, chat: BotChat) -> Outcome:
    return _step_edit(incoming, chat, "phone")


STEPS = {ChatStep.EDIT_EMAIL: step_edit_email, ChatStep.EDIT_PHONE: step_edit_phone}
