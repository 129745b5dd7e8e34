"""The conversation logic of the bots, synchronous and free of any messenger's library.

Written once for every messenger: a bot (telegram_bot, max_bot) turns an update into an `Incoming`
(its `channel` names the messenger), calls one of the entry points below and renders the `Reply`
objects it gets back (texts and buttons) in its messenger's terms. Each entry point runs in one
database transaction that locks the chat's row (Telegram: `messaging.BotChat`; MAX: `max_bot.MaxChat`;
`bot_dialog.channels` says which), checks the update was not handled before, applies the step and
records the update id, which also marks the update's inbox row handled in that messenger's inbox:
the row and the step's effects commit together, or neither does.
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
