"""Registration after the contact (`contact`): first and last name when the contact did not give
them, email and date of birth, one question per step; then the candidate is created with their
consent and, after a deep link, asked for the CV for that vacancy."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from candidates.models import ApplicationSource, Candidate
from candidates.services import Person, candidate_register
from messaging import services
from messaging.models import BotChat, ChatStep
from telegram_bot import texts
from telegram_bot.dialog import contact
from telegram_bot.dialog.apply import ask_for_cv
from telegram_bot.dialog.common import candidate_of, menu, text
from telegram_bot.dialog.types import Incoming, Outcome, Reply
from telegram_bot.validators import InvalidAnswer, parse_dob, parse_email, parse_name, parse_phone


def _registration_text(incoming: Incoming) -> str:
    if incoming.text is None:
        raise InvalidAnswer(text(texts.EXPECTING_TEXT))
    return incoming.text


def step_first_name(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        name = parse_name(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.LAST_NAME, data={**chat.data, "name": name}
    )
    return Outcome([Reply(texts.ASK_LAST_NAME.format(name=name))])


def step_last_name(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        surname = parse_name(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    data = {**chat.data, "surname": surname}
    if data.get("phone"):  # given with the contact, before the names
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.EMAIL, data=data)
        return Outcome([Reply(text(texts.ASK_EMAIL))])
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.PHONE, data=data)
    return Outcome([Reply(text(texts.ASK_PHONE), ask_contact=True)])


def step_phone(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        if incoming.contact_phone is not None:
            if incoming.contact_user_id != incoming.user_id:
                raise InvalidAnswer(text(texts.FOREIGN_CONTACT))
            phone = parse_phone(incoming.contact_phone, shared=True)
        else:
            phone = parse_phone(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply, ask_contact=True)])
    data = {**chat.data, "phone": phone, "phone_verified": incoming.contact_phone is not None}
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.EMAIL, data=data)
    return Outcome([Reply(text(texts.ASK_EMAIL), remove_keyboard=True)])


def step_email(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        email = parse_email(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.DOB, data={**chat.data, "email": email}
    )
    return Outcome([Reply(text(texts.ASK_DOB))])


def step_dob(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        dob = parse_dob(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    data = chat.data
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    if candidate_of(incoming) is not None:
        return Outcome([menu(text(texts.ALREADY_REGISTERED))])
    try:
        candidate = _register(incoming, chat, data, dob)
    except ValidationError as error:
        reason = " ".join(error.messages)
        return Outcome([Reply(texts.REGISTRATION_FAILED.format(reason=reason))])
    name = data.get("name") or candidate.name  # what they typed, never a matched record's name
    if data.get("vacancy_id"):  # came through a deep link: straight on to that vacancy's CV
        registered = Reply(texts.REGISTERED_SHORT.format(name=name))
        return Outcome([registered, ask_for_cv(incoming, chat, data["vacancy_id"])])
    return Outcome([menu(texts.REGISTERED.format(name=name))])


def _register(incoming: Incoming, chat: BotChat, data: dict, dob: dt.date) -> Candidate:
    """The person on record with this Telegram account or the phone Telegram verified (a shared
    contact) joins their record (filling only its empty fields); a typed phone or an email alone
    proves nothing, so it never attaches this chat to someone's record: HR sees a probable duplicate."""
    consent_at = dt.datetime.fromisoformat(data["consent_at"]) if data.get("consent_at") else None
    person = Person(
        name=data.get("name", ""),
        surname=data.get("surname", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        dob=dob,
        telegram_id=incoming.user_id,
        language=chat.language,
    )
    with transaction.atomic():
        registration = candidate_register(
            person=person,
            via=ApplicationSource.TELEGRAM,
            match_on=("telegram_id", "phone") if data.get("phone_verified") else ("telegram_id",),
            fill_blanks=True,
            consent_at=consent_at,
            consent_policy_version=data.get("policy_version", ""),
        )
    return registration.candidate


STEPS = {
    ChatStep.CONTACT: contact.step_contact,
    ChatStep.CONFIRM_CONTACT: contact.step_confirm_contact,
    ChatStep.FIRST_NAME: step_first_name,
    ChatStep.LAST_NAME: step_last_name,
    ChatStep.PHONE: step_phone,
    ChatStep.EMAIL: step_email,
    ChatStep.DOB: step_dob,
}
