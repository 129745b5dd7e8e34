"""An HR user links their Telegram chat with `/hr <code>` and then gets notifications there."""

import datetime as dt

import pytest
from django.utils import timezone

from hr_notifications.models import HRNotification, HRPreference
from hr_notifications.services import hr_link_code_create, hr_notify, hr_telegram_link
from tests.factories import UserFactory


@pytest.fixture
def hr(transactional_db):
    return UserFactory(username="olga")


def test_linking_with_the_bot_then_a_notification_reaches_the_chat(bot, chat, hr, fake_telegram):
    code = hr_link_code_create(user=hr)

    assert chat.say(f"/hr {code}").text == "Done: olga will get back-office notifications in this chat."
    preference = HRPreference.objects.get(user=hr)
    assert (preference.telegram_chat_id, preference.by_telegram, preference.link_code) == (
        chat.user_id,
        True,
        "",
    )

    hr_notify(users=[hr], kind="new_message", text="Message from Ann: hello", url="/admin/x/")

    fake_telegram.wait_for(lambda: HRNotification.objects.filter(telegram_status="sent").exists())
    [call] = [c for c in fake_telegram.sent("sendMessage", chat_id=chat.user_id) if "Ann" in c.text]
    assert call.text.startswith("Message from Ann: hello\nhttp")


def test_a_wrong_code_links_nothing(bot, chat, hr):
    hr_link_code_create(user=hr)

    assert "unknown or has expired" in chat.say("/hr WRONG123").text
    assert HRPreference.objects.get(user=hr).telegram_chat_id is None


@pytest.mark.django_db
def test_a_code_works_once_and_not_after_fifteen_minutes():
    user, late = UserFactory(username="a"), UserFactory(username="b")
    code = hr_link_code_create(user=user)
    assert hr_telegram_link(code=code.lower(), chat_id=5) is not None
    assert hr_telegram_link(code=code, chat_id=6) is None

    stale = hr_link_code_create(user=late)
    HRPreference.objects.filter(user=late).update(
        link_code_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert hr_telegram_link(code=stale, chat_id=7) is None
