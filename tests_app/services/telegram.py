"""The test opened as a Telegram Mini App: the attempt is bound to the Telegram user whose signed
initData the page sent (checked by `messaging.webapp`)."""

from django.core.exceptions import ValidationError

from tests_app.models import Attempt


class OtherTelegramUser(ValidationError):
    pass


def attempt_bind_telegram_user(*, attempt: Attempt, telegram_user_id: int) -> bool:
    """Bind the attempt to this Telegram user; True the first time. Another user than the candidate's
    own Telegram account (or than the one bound already) is refused."""
    own = attempt.candidate.telegram_id
    if (own is not None and own != telegram_user_id) or attempt.telegram_user_id not in (
        None,
        telegram_user_id,
    ):
        raise OtherTelegramUser("This test was sent to another Telegram account.")
    if attempt.telegram_user_id == telegram_user_id:
        return False
    return bool(
        Attempt.objects.filter(pk=attempt.pk, telegram_user_id__isnull=True).update(
            telegram_user_id=telegram_user_id
        )
    )
