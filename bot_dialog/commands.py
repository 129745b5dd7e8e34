"""Commands: /start, /cancel, /help, /vacancies, /applications, /language, and /hr <code> for HR staff."""

from django.db import transaction

from bot_dialog import texts
from bot_dialog.apply import ask_for_cv
from bot_dialog.common import (
    candidate_of,
    channel_of,
    chat_save,
    in_chat_language,
    locked_chat,
    mark_handled,
    menu,
    text,
)
from bot_dialog.contact import registration_start
from bot_dialog.hr_link import hr_link_command
from bot_dialog.types import Button, Incoming, Outcome, Reply
from bot_dialog.vacancies import applications_reply, vacancy_page
from core.languages import Language
from messaging.models import BotChat, ChatStep


@in_chat_language
def command(incoming: Incoming, name: str) -> Outcome:
    with transaction.atomic():
        chat = locked_chat(incoming)
        if chat is None:
            return Outcome()
        if name == "hr" and not channel_of(incoming).hr_link:
            name = ""  # an unknown command where HR cannot link their notifications
        replies = _COMMANDS.get(name, _unknown_command)(incoming, chat)
        mark_handled(chat, incoming)
        return Outcome(replies)


def deep_link_vacancy(command_text: str | None) -> int | None:
    """The vacancy of a deep link t.me/<bot>?start=v<id> (Telegram sends "/start v<id>")."""
    parts = (command_text or "").split()
    payload = parts[1] if len(parts) > 1 else ""
    if payload[:1] == "v" and payload[1:].isdigit() and len(payload) <= 11:
        return int(payload[1:])
    return None


def _start(incoming: Incoming, chat: BotChat) -> list[Reply]:
    vacancy_id = deep_link_vacancy(incoming.text)
    candidate = candidate_of(incoming)
    if candidate is None:
        return registration_start(incoming, chat, vacancy_id)
    chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    if vacancy_id is not None:
        return [ask_for_cv(incoming, chat, vacancy_id)]
    return [menu(texts.WELCOME_BACK.format(name=candidate.name))]


def _cancel(incoming: Incoming, chat: BotChat) -> list[Reply]:
    if chat.step == ChatStep.IDLE:
        return [Reply(text(texts.NOTHING_TO_CANCEL))]
    chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
    return [Reply(text(texts.CANCELLED), remove_keyboard=True)]


def _help(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [Reply(text(texts.HELP))]


def _vacancies(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [vacancy_page(page=0)]


def _applications(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [applications_reply(candidate_of(incoming))]


def _language(incoming: Incoming, chat: BotChat) -> list[Reply]:
    buttons = tuple(Button(label, f"lang:{code}") for code, label in Language.choices)
    return [Reply(text(texts.CHOOSE_LANGUAGE), buttons=(buttons,))]


def _unknown_command(incoming: Incoming, chat: BotChat) -> list[Reply]:
    return [Reply(text(texts.UNKNOWN_COMMAND))]


_COMMANDS = {
    "start": _start,
    "cancel": _cancel,
    "help": _help,
    "vacancies": _vacancies,
    "applications": _applications,
    "language": _language,
    "hr": hr_link_command,  # HR staff, not candidates: not in the "/" menu nor in /help
}
