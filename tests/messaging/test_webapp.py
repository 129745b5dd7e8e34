"""Mini App initData validation (HMAC-SHA256 with the bot token, as Telegram documents it)."""

import json
import time
from urllib.parse import urlencode

import pytest

from messaging.webapp import InvalidInitData, init_data_sign, init_data_user

TOKEN = "123456:TEST-token"
USER = {"id": 777001, "first_name": "Ann", "language_code": "en"}


def init_data(token: str = TOKEN, auth_date: float | None = None, **overrides) -> str:
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(USER, separators=(",", ":")),
        "auth_date": str(int(auth_date if auth_date is not None else time.time())),
    }
    fields["hash"] = init_data_sign(fields, bot_token=token)
    fields.update(overrides)
    return urlencode(fields)


@pytest.fixture(autouse=True)
def bot_token(settings):
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_INIT_DATA_MAX_AGE_SECONDS = 3600


def test_a_valid_init_data_gives_the_user():
    assert init_data_user(init_data()) == USER


def test_the_documented_algorithm_matches_an_independent_computation():
    import hashlib
    import hmac

    fields = {"auth_date": "1700000000", "user": '{"id":1}', "query_id": "q"}
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    expected = hmac.new(
        secret, b'auth_date=1700000000\nquery_id=q\nuser={"id":1}', hashlib.sha256
    ).hexdigest()
    assert init_data_sign(fields, bot_token=TOKEN) == expected


def test_tampered_init_data_is_refused():
    tampered = init_data(user=json.dumps({**USER, "id": 1}, separators=(",", ":")))
    with pytest.raises(InvalidInitData, match="not signed"):
        init_data_user(tampered)


def test_expired_init_data_is_refused():
    with pytest.raises(InvalidInitData, match="expired"):
        init_data_user(init_data(auth_date=time.time() - 7200))


def test_another_bots_init_data_is_refused():
    with pytest.raises(InvalidInitData, match="not signed"):
        init_data_user(init_data(token="654321:OTHER-token"))


@pytest.mark.parametrize("value", ["", "hash=abc", "user=x", "a" * 5000])
def test_garbage_is_refused(value):
    with pytest.raises(InvalidInitData):
        init_data_user(value)


def test_without_a_bot_nothing_is_valid(settings):
    data = init_data()
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(InvalidInitData):
        init_data_user(data)
