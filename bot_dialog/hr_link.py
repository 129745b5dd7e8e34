"""`/hr <code>`: an HR user links this chat to their back-office notifications (hr_notifications)."""

from bot_dialog import texts
from bot_dialog.types import Incoming, Reply
from hr_notifications.services import hr_telegram_link
from messaging.models import BotChat


def hr_link_command(incoming: Incoming, chat: BotChat) -> list[Reply]:
    code = (incoming.text or "").partition(" ")[2]
    preference = hr_telegram_link(code=code, chat_id=incoming.chat_id)
    if preference is None:
        return [Reply(str(texts.HR_LINK_UNKNOWN_CODE))]
    return [Reply(texts.HR_LINKED % {"user": preference.user})]
