"""python-telegram-bot handlers: turn an update into a dialog call and send what it answers.

The dialog runs synchronously (the ORM) through `sync_to_async`; nothing here touches the database.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.utils import translation
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

import bot_dialog as dialog
from bot_dialog import texts
from core.languages import language_from_telegram

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _in_bot_context(function: Callable[..., T]) -> Callable[..., T]:
    def run(*args, **kwargs) -> T:
        # A worker lives for weeks: drop connections the database has closed meanwhile.
        close_old_connections()
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return run


async def _call(function: Callable[..., T], *args) -> T:
    return await sync_to_async(_in_bot_context(function), thread_sensitive=True)(*args)


def _translated(text, update: Update) -> str:
    """For replies made outside the dialog (no chat row at hand): the Telegram user's language."""
    user = update.effective_user
    with translation.override(language_from_telegram(user.language_code if user else None)):
        return str(text)


def _incoming(update: Update) -> dialog.Incoming:
    # `update.message` is the candidate's own message; for a button tap it is None.
    message = update.message
    user, chat = update.effective_user, update.effective_chat
    document = message.document if message else None
    contact = message.contact if message else None
    return dialog.Incoming(
        update_id=update.update_id,
        chat_id=chat.id,
        user_id=user.id if user else chat.id,
        message_id=message.message_id if message else None,
        text=message.text if message else None,
        contact_phone=contact.phone_number if contact else None,
        contact_user_id=contact.user_id if contact else None,
        contact_first_name=contact.first_name if contact else None,
        contact_last_name=contact.last_name if contact else None,
        document=dialog.Document(document.file_id, document.file_name or "", document.file_size)
        if document
        else None,
        language_code=user.language_code if user else None,
    )


def _markup(reply: dialog.Reply):
    if reply.buttons:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
        )
    if reply.ask_contact:
        button = KeyboardButton(reply.contact_label, request_contact=True)
        return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[dialog.Reply]) -> None:
    query = update.callback_query
    for reply in replies:
        markup = _markup(reply)
        if reply.edit and query is not None and query.message is not None:
            try:
                await query.edit_message_text(
                    reply.text, reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None
                )
                continue
            except BadRequest as error:
                if "not modified" in str(error).lower():
                    continue
                logger.info(
                    "Could not edit message in chat %s (%s); sending anew", query.message.chat_id, error
                )
        await context.bot.send_message(update.effective_chat.id, reply.text, reply_markup=markup)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = update.effective_message.text.split()[0][1:].split("@")[0].lower()
    outcome = await _call(dialog.command, _incoming(update), name)
    await _send(update, context, outcome.replies)


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    incoming = _incoming(update)
    outcome = await _call(dialog.message, incoming)
    await _send(update, context, outcome.replies)
    if outcome.download is not None:
        try:
            telegram_file = await context.bot.get_file(outcome.download.file_id)
            content = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            # Nothing was stored for this update: the candidate can simply send the file again.
            logger.warning("Could not download the CV of update %s: %s", update.update_id, error)
            await _send(update, context, [dialog.Reply(_translated(texts.CV_DOWNLOAD_FAILED, update))])
            return
        outcome = await _call(dialog.apply_with_cv, incoming, content)
        await _send(update, context, outcome.replies)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    if query.message is None or update.effective_chat is None:
        return  # a button on an inline message: the bot never sends those
    outcome = await _call(dialog.callback, _incoming(update), query.data or "")
    await _send(update, context, outcome.replies)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Handling Telegram update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, _translated(texts.APOLOGY, update))
    except TelegramError:
        logger.warning("Could not send the apology for update %s", update_id, exc_info=True)


def add_handlers(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, on_command)
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & ~filters.COMMAND, on_message)
    )
    application.add_handler(CallbackQueryHandler(on_callback))
    application.add_error_handler(on_error)
