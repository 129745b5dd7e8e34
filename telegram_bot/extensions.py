"""Bot commands and inline buttons that apps above messaging add (interviews, HR notifications).

The dialog looks an unknown command or button prefix up here; an app registers its handler in its
AppConfig.ready(), so messaging never imports it. A handler runs inside the dialog's transaction and
in the chat's language, and answers with the text to reply (or None to stay silent).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dialog imports this module: no import back at run time
    from telegram_bot.dialog.types import Incoming

# callback(incoming, args after the prefix) -> reply text
CallbackHandler = Callable[["Incoming", list[str]], str | None]
# command(incoming, the text after the command) -> reply text
CommandHandler = Callable[["Incoming", str], str | None]

callback_handlers: dict[str, CallbackHandler] = {}
command_handlers: dict[str, CommandHandler] = {}


def register_callback(prefix: str, handler: CallbackHandler) -> None:
    callback_handlers[prefix] = handler


def register_command(name: str, handler: CommandHandler) -> None:
    command_handlers[name] = handler
