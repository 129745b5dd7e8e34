"""Inline buttons: `vacs:<page>`, `vac:<id>:<page>`, `apply:<id>` and `apps`."""

from django.db import transaction

from messaging.bot.dialog.apply import ask_for_cv
from messaging.bot.dialog.common import candidate_of, locked_chat, mark_handled
from messaging.bot.dialog.types import Incoming, Outcome, Reply
from messaging.bot.dialog.vacancies import applications_reply, vacancy_details, vacancy_page
from messaging.models import BotChat


def callback(incoming: Incoming, data: str) -> Outcome:
    with transaction.atomic():
        chat = locked_chat(incoming)
        if chat is None:
            return Outcome()
        replies = _callback_replies(incoming, chat, data)
        mark_handled(chat, incoming)
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
        return [ask_for_cv(incoming, chat, vacancy_id)]
    if action == "apps":
        return [applications_reply(candidate_of(incoming))]
    return []  # a button of an older bot version: the handler just acknowledges it
