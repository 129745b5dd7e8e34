"""The start of registration: the contact (one tap gives the phone and the names) and the consent.

/start (or a deep link `/start v<id>`, which remembers the vacancy) asks for the contact with the
data-processing policy; sharing the contact, or typing the phone number, accepts it. The consent
(time and policy version) is kept with the answers and stored with the candidate when they are
created. A shared contact's names are confirmed with "Is this right?"; a typed phone number is
followed by the first and last name. Telegram contacts often have no last name, or the whole name in
the first one: two words there are offered as the first and last name, one word is followed by the
question for the last name, and more words (which cannot be split safely) by both questions.
"""

from django.utils import timezone

from candidates.consent import policy_text, policy_version
from candidates.phones import phone_display
from messaging import services
from messaging.models import BotChat, ChatStep
from telegram_bot import texts
from telegram_bot.dialog.common import text
from telegram_bot.dialog.types import Button, Incoming, Outcome, Reply
from telegram_bot.dialog.vacancies import published_vacancies
from telegram_bot.validators import InvalidAnswer, parse_name, parse_phone

YES_WORDS = frozenset({"yes", "y", "ok", "да", "ок", "верно"})


def contact_question(vacancy_name: str = "") -> Reply:
    welcome = texts.WELCOME_CONTACT.format(policy=policy_text())
    if vacancy_name:
        welcome = texts.WELCOME_FOR_VACANCY.format(vacancy=vacancy_name) + "\n\n" + welcome
    return Reply(welcome, ask_contact=True, contact_label=text(texts.SHARE_CONTACT_BUTTON))


def registration_start(incoming: Incoming, chat: BotChat, vacancy_id: int | None) -> list[Reply]:
    vacancy = published_vacancies().filter(pk=vacancy_id).first() if vacancy_id is not None else None
    data = {"vacancy_id": vacancy.id} if vacancy else {}
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.CONTACT, data=data)
    return [contact_question(vacancy.name if vacancy else "")]


def _consent() -> dict:
    return {"consent_at": timezone.now().isoformat(), "policy_version": policy_version()}


def _optional_name(value: str | None) -> str:
    try:
        return parse_name(value or "")
    except InvalidAnswer:
        return ""


def contact_names(first_name: str | None, last_name: str | None) -> tuple[str, str]:
    """The (first name, last name) a shared contact gives; "" for one it does not give."""
    name, surname = _optional_name(first_name), _optional_name(last_name)
    if not name or surname:
        return name, surname
    words = name.split(" ")
    if len(words) == 1:
        return name, ""
    if len(words) == 2 and all(_optional_name(word) for word in words):
        return words[0], words[1]  # "Ivan Petrov" in the first name
    return "", ""


def confirm_question(data: dict) -> Reply:
    buttons = ((Button(text(texts.BUTTON_YES), "reg:yes"), Button(text(texts.BUTTON_EDIT_NAME), "reg:edit")),)
    question = texts.CONFIRM_CONTACT.format(
        name=data.get("name", ""), surname=data.get("surname", ""), phone=phone_display(data["phone"])
    )
    return Reply(question, buttons=buttons)


def step_contact(incoming: Incoming, chat: BotChat) -> Outcome:
    shared = incoming.contact_phone is not None
    try:
        if shared and incoming.contact_user_id != incoming.user_id:
            raise InvalidAnswer(text(texts.FOREIGN_CONTACT))
        if not shared and incoming.text is None:
            raise InvalidAnswer(text(texts.BAD_PHONE))
        phone = parse_phone(incoming.contact_phone if shared else incoming.text, shared=shared)
    except InvalidAnswer as error:
        return Outcome([Reply(error.reply, ask_contact=True, contact_label=text(texts.SHARE_CONTACT_BUTTON))])
    # A shared contact's number is the account's own (Telegram verified it): it may join a record.
    data = {**chat.data, **_consent(), "phone": phone, "phone_verified": shared}
    name, surname = (
        contact_names(incoming.contact_first_name, incoming.contact_last_name) if shared else ("", "")
    )
    if not name:
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.FIRST_NAME, data=data)
        return Outcome([Reply(text(texts.ASK_FIRST_NAME), remove_keyboard=True)])
    if not surname:  # then the email, as after typed names (`registration.step_last_name`)
        data["name"] = name
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.LAST_NAME, data=data)
        return Outcome([Reply(texts.ASK_LAST_NAME.format(name=name), remove_keyboard=True)])
    data.update(name=name, surname=surname)
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.CONFIRM_CONTACT, data=data)
    return Outcome([confirm_question(data)])


def contact_confirmed(incoming: Incoming, chat: BotChat, answer: str) -> list[Reply]:
    """The "Is this right?" buttons (`reg:yes`, `reg:edit`) or a typed yes."""
    if chat.step != ChatStep.CONFIRM_CONTACT:
        return []
    if answer == "yes":
        services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.EMAIL)
        return [Reply(text(texts.ASK_EMAIL), remove_keyboard=True)]
    data = {key: value for key, value in chat.data.items() if key not in ("name", "surname")}
    services.bot_chat_save(chat=chat, update_id=incoming.update_id, step=ChatStep.FIRST_NAME, data=data)
    return [Reply(text(texts.ASK_FIRST_NAME))]


def step_confirm_contact(incoming: Incoming, chat: BotChat) -> Outcome:
    if (incoming.text or "").strip().lower().rstrip("!.") in YES_WORDS:
        return Outcome(contact_confirmed(incoming, chat, "yes"))
    return Outcome([confirm_question(chat.data)])
