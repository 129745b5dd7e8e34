"""The conversation logic of the bot, synchronous and free of python-telegram-bot.

The async handlers turn an update into an `Incoming`, call one of the functions below through
`sync_to_async` and send the `Reply` objects they get back. Each function runs in one database
transaction that locks the chat's `BotChat` row, checks the update was not handled before (a
restarted worker may be handed it again), applies the step and records the update id.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats

from candidates.models import Candidate
from candidates.services import (
    CV_EXTENSIONS,
    ApplicationAlreadyExists,
    application_create,
    candidate_attach_cv,
    candidate_create,
)
from messaging import selectors, services
from messaging.bot import texts
from messaging.bot.validators import InvalidAnswer, parse_dob, parse_email, parse_name, parse_phone
from messaging.models import BotChat, ChatStep

PAGE_SIZE = 5
TELEGRAM_TEXT_LIMIT = 4096


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    ask_contact: bool = False
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
    document: Document | None = None


@dataclass
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    # Set when a CV passed the checks: the handler downloads it and calls `apply_with_cv`.
    download: Document | None = None


def _s(text) -> str:
    return str(text)


def _max_cv_mb() -> int:
    return max(1, settings.CV_MAX_BYTES // (1024 * 1024))


def _menu(text: str) -> Reply:
    return Reply(
        text=text,
        buttons=(
            (
                Button(_s(texts.MENU_VACANCIES), "vacs:0"),
                Button(_s(texts.MENU_APPLICATIONS), "apps"),
            ),
        ),
    )


def _candidate(incoming: Incoming) -> Candidate | None:
    return selectors.candidate_by_telegram_id(telegram_id=incoming.user_id)


def _locked_chat(incoming: Incoming) -> BotChat | None:
    """The chat row locked for this transaction, or None when the update was handled already."""
    chat = services.bot_chat_lock(telegram_chat_id=incoming.chat_id)
    if services.bot_chat_update_seen(chat=chat, update_id=incoming.update_id):
        return None
    return chat


# --- Commands ------------------------------------------------------------------------------------


def command(incoming: Incoming, name: str) -> Outcome:
    with transaction.atomic():
        chat = _locked_chat(incoming)
        if chat is None:
            return Outcome()
        replies = _COMMANDS.get(name, _unknown_command)(incoming, chat)
        if incoming.update_id not in chat.recent_update_ids:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id)
        return Outcome(replies)


def _start(incoming: Incoming, chat: BotChat) -> list[Reply]:
    candidate = _candidate(incoming)
    if candidate is not None:
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
        return [_menu(texts.WELCOME_BACK.format(name=candidate.name))]
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.FIRST_NAME, data={})
    return [Reply(_s(texts.WELCOME_NEW), remove_keyboard=True)]


def _cancel(incoming: Incoming, chat: BotChat) -> list[Reply]:
    if chat.step == ChatStep.IDLE:
        return [Reply(_s(texts.NOTHING_TO_CANCEL))]
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    return [Reply(_s(texts.CANCELLED), remove_keyboard=True)]


def _help(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [Reply(_s(texts.HELP))]


def _vacancies_command(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [vacancy_page(page=0)]


def _applications_command(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [applications_reply(_candidate(incoming))]


def _unknown_command(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [Reply(_s(texts.UNKNOWN_COMMAND))]


_COMMANDS = {
    "start": _start,
    "cancel": _cancel,
    "help": _help,
    "vacancies": _vacancies_command,
    "applications": _applications_command,
}

# --- Messages ------------------------------------------------------------------------------------


def message(incoming: Incoming) -> Outcome:
    """A text, contact, document or anything else the candidate sent outside of a command."""
    with transaction.atomic():
        chat = _locked_chat(incoming)
        if chat is None:
            return Outcome()
        step_handler = _STEPS.get(chat.step, _idle)
        outcome = step_handler(incoming, chat)
        if outcome.download is None and incoming.update_id not in chat.recent_update_ids:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id)
        return outcome


def _registration_text(incoming: Incoming) -> str:
    if incoming.text is None:
        raise InvalidAnswer(_s(texts.EXPECTING_TEXT))
    return incoming.text


def _step_first_name(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        name = parse_name(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.LAST_NAME, data={"name": name}
    )
    return Outcome([Reply(texts.ASK_LAST_NAME.format(name=name))])


def _step_last_name(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        surname = parse_name(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.PHONE, data={**chat.data, "surname": surname}
    )
    return Outcome([Reply(_s(texts.ASK_PHONE), ask_contact=True)])


def _step_phone(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        if incoming.contact_phone is not None:
            if incoming.contact_user_id != incoming.user_id:
                raise InvalidAnswer(_s(texts.FOREIGN_CONTACT))
            phone = parse_phone(incoming.contact_phone)
        else:
            phone = parse_phone(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply, ask_contact=True)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.EMAIL, data={**chat.data, "phone": phone}
    )
    return Outcome([Reply(_s(texts.ASK_EMAIL), remove_keyboard=True)])


def _step_email(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        email = parse_email(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.DOB, data={**chat.data, "email": email}
    )
    return Outcome([Reply(_s(texts.ASK_DOB))])


def _step_dob(incoming: Incoming, chat: BotChat) -> Outcome:
    try:
        dob = parse_dob(_registration_text(incoming))
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply)])
    data = chat.data
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    if _candidate(incoming) is not None:
        return Outcome([_menu(_s(texts.ALREADY_REGISTERED))])
    try:
        with transaction.atomic():
            candidate = candidate_create(
                name=data.get("name", ""),
                surname=data.get("surname", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                dob=dob,
                telegram_id=incoming.user_id,
            )
    except ValidationError as error:
        reason = " ".join(error.messages)
        return Outcome([Reply(texts.REGISTRATION_FAILED.format(reason=reason))])
    return Outcome([_menu(texts.REGISTERED.format(name=candidate.name))])


def _step_awaiting_cv(incoming: Incoming, chat: BotChat) -> Outcome:
    document = incoming.document
    if document is None:
        return Outcome([Reply(_s(texts.CV_EXPECTED))])
    extension = document.file_name.rsplit(".", 1)[-1].lower() if "." in document.file_name else ""
    if extension not in CV_EXTENSIONS:
        return Outcome([Reply(_s(texts.CV_WRONG_TYPE))])
    if document.file_size is not None and document.file_size > settings.CV_MAX_BYTES:
        return Outcome([Reply(texts.CV_TOO_BIG.format(max_mb=_max_cv_mb()))])
    # The update is recorded only once the CV is stored, so a crash while downloading it leaves
    # the update to be handled again by the next worker.
    return Outcome(download=document)


def _idle(incoming: Incoming, chat: BotChat) -> Outcome:
    candidate = _candidate(incoming)
    if candidate is None:
        return Outcome([Reply(_s(texts.NOT_REGISTERED))])
    if incoming.document is not None:
        return Outcome([Reply(_s(texts.CV_WITHOUT_VACANCY))])
    if not incoming.text or not incoming.text.strip():
        return Outcome([Reply(_s(texts.TEXT_ONLY_FOR_HR))])
    _message, created = services.message_receive(
        candidate=candidate,
        text=incoming.text,
        telegram_chat_id=incoming.chat_id,
        telegram_message_id=incoming.message_id,
    )
    if not created or chat.hr_note_sent_at is not None:
        services.bot_chat_save(chat=chat, update_id=incoming.update_id)
        return Outcome()
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, hr_note_sent=True)
    return Outcome([Reply(_s(texts.HR_NOTE))])


_STEPS = {
    ChatStep.FIRST_NAME: _step_first_name,
    ChatStep.LAST_NAME: _step_last_name,
    ChatStep.PHONE: _step_phone,
    ChatStep.EMAIL: _step_email,
    ChatStep.DOB: _step_dob,
    ChatStep.AWAITING_CV: _step_awaiting_cv,
}


def apply_with_cv(incoming: Incoming, content: bytes) -> Outcome:
    """Store the downloaded CV and create the application, once per update."""
    with transaction.atomic():
        chat = _locked_chat(incoming)
        if chat is None or chat.step != ChatStep.AWAITING_CV:
            return Outcome()
        candidate = _candidate(incoming)
        vacancy = selectors.published_vacancies().filter(pk=chat.data.get("vacancy_id")).first()
        if candidate is None or vacancy is None:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
            return Outcome([Reply(_s(texts.VACANCY_GONE if candidate else texts.NOT_REGISTERED))])
        try:
            with transaction.atomic():
                candidate_attach_cv(
                    candidate=candidate, content=content, filename=incoming.document.file_name
                )
                application_create(candidate=candidate, vacancy=vacancy)
        except ApplicationAlreadyExists:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
            return Outcome([_menu(texts.ALREADY_APPLIED.format(vacancy=vacancy.name))])
        except ValidationError as error:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id)
            return Outcome([Reply(texts.CV_REJECTED.format(reason=" ".join(error.messages)))])
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
        return Outcome([_menu(texts.APPLIED.format(vacancy=vacancy.name))])


# --- Inline buttons ------------------------------------------------------------------------------


def callback(incoming: Incoming, data: str) -> Outcome:
    with transaction.atomic():
        chat = _locked_chat(incoming)
        if chat is None:
            return Outcome()
        replies = _callback_replies(incoming, chat, data)
        if incoming.update_id not in chat.recent_update_ids:
            services.bot_chat_save(chat=chat, update_id=incoming.update_id)
        return Outcome(replies)


def _int_arg(parts: list[str], index: int) -> int | None:
    try:
        return int(parts[index])
    except (IndexError, ValueError):
        return None


def _callback_replies(incoming: Incoming, chat: BotChat, data: str) -> list[Reply]:
    parts = data.split(":")
    action = parts[0]
    if action == "vacs":
        return [vacancy_page(page=_int_arg(parts, 1) or 0, edit=True)]
    if action == "vac" and (vacancy_id := _int_arg(parts, 1)) is not None:
        return [vacancy_details(vacancy_id=vacancy_id, page=_int_arg(parts, 2) or 0)]
    if action == "apply" and (vacancy_id := _int_arg(parts, 1)) is not None:
        return [_apply(incoming, chat, vacancy_id)]
    if action == "apps":
        return [applications_reply(_candidate(incoming))]
    return []  # a button of an older bot version: the handler just acknowledges it


def _apply(incoming: Incoming, chat: BotChat, vacancy_id: int) -> Reply:
    candidate = _candidate(incoming)
    if candidate is None:
        return Reply(_s(texts.NOT_REGISTERED))
    vacancy = selectors.published_vacancies().filter(pk=vacancy_id).first()
    if vacancy is None:
        return Reply(_s(texts.VACANCY_GONE))
    if selectors.candidate_applications(candidate=candidate).filter(vacancy=vacancy).exists():
        return _menu(texts.ALREADY_APPLIED.format(vacancy=vacancy.name))
    services.bot_chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.AWAITING_CV, data={"vacancy_id": vacancy.id}
    )
    return Reply(texts.ASK_CV.format(vacancy=vacancy.name, max_mb=_max_cv_mb()))


def vacancy_page(*, page: int, edit: bool = False) -> Reply:
    vacancies = selectors.published_vacancies()
    total = vacancies.count()
    if total == 0:
        return Reply(_s(texts.NO_VACANCIES), edit=edit)
    pages = math.ceil(total / PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    rows = [
        (Button(vacancy.name[:60], f"vac:{vacancy.id}:{page}"),)
        for vacancy in vacancies[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    navigation = []
    if page > 0:
        navigation.append(Button(_s(texts.BUTTON_PREVIOUS), f"vacs:{page - 1}"))
    if page < pages - 1:
        navigation.append(Button(_s(texts.BUTTON_NEXT), f"vacs:{page + 1}"))
    if navigation:
        rows.append(tuple(navigation))
    return Reply(texts.VACANCY_LIST.format(page=page + 1, pages=pages), buttons=tuple(rows), edit=edit)


def vacancy_details(*, vacancy_id: int, page: int) -> Reply:
    vacancy = selectors.published_vacancies().filter(pk=vacancy_id).first()
    if vacancy is None:
        return Reply(_s(texts.VACANCY_GONE), buttons=((Button(_s(texts.BUTTON_BACK), f"vacs:{page}"),),))
    text = texts.VACANCY_DETAILS.format(
        name=vacancy.name, description=vacancy.description or "-", requirements=vacancy.requirements or "-"
    )
    if len(text) > TELEGRAM_TEXT_LIMIT:
        text = text[: TELEGRAM_TEXT_LIMIT - 1] + "…"
    return Reply(
        text,
        buttons=(
            (Button(_s(texts.BUTTON_APPLY), f"apply:{vacancy.id}"),),
            (Button(_s(texts.BUTTON_BACK), f"vacs:{page}"),),
        ),
        edit=True,
    )


def applications_reply(candidate: Candidate | None) -> Reply:
    if candidate is None:
        return Reply(_s(texts.NOT_REGISTERED))
    applications = list(selectors.candidate_applications(candidate=candidate))
    if not applications:
        return _menu(_s(texts.NO_APPLICATIONS))
    status = _s(texts.STATUS_WORDS.get(candidate.status, candidate.get_status_display()))
    lines = [_s(texts.APPLICATIONS_HEADER)]
    lines += [
        texts.APPLICATION_LINE.format(
            vacancy=application.vacancy.name,
            date=formats.date_format(application.applied_at, "DATE_FORMAT"),
            status=status,
        )
        for application in applications
    ]
    return Reply("\n".join(lines)[:TELEGRAM_TEXT_LIMIT])
