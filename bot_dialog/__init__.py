"""The conversation logic of the bot, synchronous and free of python-telegram-bot.

The async handlers turn an update into an `Incoming`, call one of the entry points below through
`sync_to_async` and send the `Reply` objects they get back. Each entry point runs in one database
transaction that locks the chat's `BotChat` row, checks the update was not handled before, applies
the step and records the update id, which also marks the update's inbox row handled
(`telegram_bot.inbox`): the row and the step's effects commit together, or neither does.
"""

from bot_dialog.apply import apply_with_cv
from bot_dialog.callbacks import callback
from bot_dialog.commands import command
from bot_dialog.messages import message
from bot_dialog.types import Button, Document, Incoming, Outcome, Reply
from bot_dialog.vacancies import applications_reply, vacancy_details, vacancy_page

__all__ = [
    "Button",
    "Document",
    "Incoming",
    "Outcome",
    "Reply",
    "applications_reply",
    "apply_with_cv",
    "callback",
    "command",
    "message",
    "vacancy_details",
    "vacancy_page",
]
