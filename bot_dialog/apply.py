"""Applying: the Apply button asks for a CV, the CV is checked, downloaded and stored with the
application."""

from django.core.exceptions import ValidationError
from django.db import transaction

from bot_dialog import texts, upkeep
from bot_dialog.common import (
    candidate_of,
    channel_of,
    chat_save,
    cv_rejected,
    in_chat_language,
    locked_chat,
    menu,
    pass_to_hr,
    text,
)
from bot_dialog.types import Incoming, Outcome, Reply
from bot_dialog.vacancies import published_vacancies
from candidates.services import (
    ApplicationAlreadyExists,
    application_create,
    candidate_attach_cv,
    cv_check,
    cv_max_mb,
)
from messaging import selectors
from messaging.models import BotChat, ChatStep


def ask_for_cv(incoming: Incoming, chat: BotChat, vacancy_id: int) -> Reply:
    """The Apply button of a vacancy: wait for the CV, unless the candidate cannot apply."""
    candidate = candidate_of(incoming)
    if candidate is None:
        return Reply(text(texts.NOT_REGISTERED))
    vacancy = published_vacancies().filter(pk=vacancy_id).first()
    if vacancy is None:
        return Reply(text(texts.VACANCY_GONE))
    if selectors.candidate_applications(candidate=candidate).filter(vacancy=vacancy).exists():
        return menu(texts.ALREADY_APPLIED.format(vacancy=vacancy.name))
    chat_save(
        chat=chat, update_id=incoming.update_id, step=ChatStep.AWAITING_CV, data={"vacancy_id": vacancy.id}
    )
    return Reply(texts.ASK_CV.format(vacancy=vacancy.name, max_mb=cv_max_mb()))


def step_awaiting_cv(incoming: Incoming, chat: BotChat) -> Outcome:
    document = incoming.document
    if document is None:
        candidate = candidate_of(incoming)
        if candidate is None or not (incoming.text or "").strip():
            return Outcome([Reply(text(texts.CV_EXPECTED))])
        # A question while the bot waits for the CV ("Can I send it later?") is not lost: HR gets it.
        return Outcome([*pass_to_hr(incoming, chat, candidate), Reply(text(texts.STILL_WAITING_FOR_CV))])
    try:
        cv_check(name=document.file_name, size=document.file_size)  # before downloading it
    except ValidationError as error:
        return Outcome([cv_rejected(error)])
    # The update is recorded only once the CV is stored, so a crash while downloading it leaves
    # the update pending in the inbox for the next worker.
    return Outcome(download=document)


@in_chat_language
def apply_with_cv(incoming: Incoming, content: bytes) -> Outcome:
    """Store the downloaded CV and create the application, once per update."""
    with transaction.atomic():
        chat = locked_chat(incoming)
        if chat is not None and chat.step == ChatStep.AWAITING_NEW_CV:
            return upkeep.store_new_cv(incoming, chat, content)
        if chat is None or chat.step != ChatStep.AWAITING_CV:
            return Outcome()
        candidate = candidate_of(incoming)
        vacancy = published_vacancies().filter(pk=chat.data.get("vacancy_id")).first()
        if candidate is None or vacancy is None:
            chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
            return Outcome([Reply(text(texts.VACANCY_GONE if candidate else texts.NOT_REGISTERED))])
        try:
            with transaction.atomic():
                candidate_attach_cv(
                    candidate=candidate, content=content, filename=incoming.document.file_name
                )
                application_create(
                    candidate=candidate,
                    vacancy=vacancy,
                    source=channel_of(incoming).application_source,
                    actor_label="bot",
                )
        except ApplicationAlreadyExists:
            chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
            return Outcome([menu(texts.ALREADY_APPLIED.format(vacancy=vacancy.name))])
        except ValidationError as error:
            chat_save(chat=chat, update_id=incoming.update_id)
            return Outcome([cv_rejected(error)])
        chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.IDLE, data={})
        return Outcome([menu(texts.APPLIED.format(vacancy=vacancy.name))])
