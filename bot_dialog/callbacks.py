"""Inline buttons: `vacs:<page>`, `vac:<id>:<page>`, `apply:<id>`, `apps`, `lang:<ru|en>`, the
registration's `reg:yes|edit` and keeping an application current: `newcv:<id>`, `wd:<id>`,
`wdy:<id>`, `edit[:email|phone]`; the interview buttons `iv:ok|move:<id>`
and the free times of a booking invitation `bk:<invitation id>:<unix seconds>`."""

from django.db import transaction
from django.utils import translation

from bot_dialog import texts, upkeep
from bot_dialog.apply import ask_for_cv
from bot_dialog.booking import booking_button
from bot_dialog.common import candidate_of, chat_save, in_chat_language, locked_chat, mark_handled, text
from bot_dialog.contact import contact_confirmed
from bot_dialog.interviews import interview_button
from bot_dialog.types import Incoming, Outcome, Reply
from bot_dialog.vacancies import applications_reply, vacancy_details, vacancy_page
from candidates.services import candidate_language_set
from core.languages import Language
from interviews.booking_messages import CALLBACK_PREFIX as BOOKING_PREFIX
from interviews.messages import CALLBACK_PREFIX as INTERVIEW_PREFIX
from messaging.models import BotChat


@in_chat_language
def callback(incoming: Incoming, data: str) -> Outcome:
    with transaction.atomic():
        chat = locked_chat(incoming)
        if chat is None:
            return Outcome()
        # A button that does nothing any more (an older message's, a malformed one, another chat's)
        # still gets an answer: silence would look like a bot that is down.
        replies = _callback_replies(incoming, chat, data) or [Reply(text(texts.BUTTON_OUT_OF_DATE))]
        mark_handled(chat, incoming)
        return Outcome(replies)


def _switch_language(incoming: Incoming, chat: BotChat, language: str) -> Reply:
    chat_save(chat=chat, update_id=incoming.update_id, language=language)
    candidate = candidate_of(incoming)
    if candidate is not None:
        candidate_language_set(candidate=candidate, language=language)
    translation.activate(language)
    return Reply(text(texts.LANGUAGE_SET), edit=True)


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
    if action in ("newcv", "wd", "wdy") and (application_id := _int_arg(parts, 1)) is not None:
        if action == "newcv":
            return [upkeep.ask_for_new_cv(incoming, chat, application_id)]
        if action == "wd":
            return [upkeep.confirm_withdraw(incoming, application_id)]
        return [upkeep.withdraw(incoming, application_id)]
    if action == "edit":
        return [upkeep.edit_choice(incoming, chat, parts[1] if len(parts) > 1 else "")]
    if action == "reg" and len(parts) == 2 and parts[1] in ("yes", "edit"):
        return contact_confirmed(incoming, chat, parts[1])
    if action == "lang" and len(parts) == 2 and parts[1] in Language.values:
        return [_switch_language(incoming, chat, parts[1])]
    if action == INTERVIEW_PREFIX:
        return interview_button(incoming, parts[1:])
    if action == BOOKING_PREFIX:
        return booking_button(incoming, parts[1:])
    return []  # a button of an older bot version
