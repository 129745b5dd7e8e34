"""messaging.max_api.MaxClient against the fake MAX API: the token in the header, MAX's errors kept,
the file upload in its two steps, and bounded downloads."""

import pytest
import requests

from messaging.max_api import MaxClient
from tests.fake_max import TOKEN


def test_the_token_goes_in_the_authorization_header_not_the_url(fake_max):
    answer = MaxClient().me()

    assert answer.ok and answer.body["username"] == "recruitment_max_bot"
    [call] = fake_max.calls
    assert "access_token" not in call.params


def test_a_wrong_token_is_a_transient_failure_with_max_s_error_code(fake_max):
    answer = MaxClient(token="wrong").send_message(user_id=1, body={"text": "hi"})

    assert not answer.ok and answer.status_code == 401
    assert answer.error_code == "verify.token"
    assert not answer.final  # HR can fix the token; the message is not lost


def test_a_bad_request_is_final(fake_max):
    answer = MaxClient().call("POST", "/messages", json={"text": "to nobody"})

    assert answer.status_code == 400 and answer.final


def test_unreachable_max_is_a_transient_failure_not_an_exception():
    answer = MaxClient(token=TOKEN, base_url="http://127.0.0.1:9").me()

    assert not answer.ok and answer.status_code is None and not answer.final


def test_a_file_is_uploaded_in_two_steps_and_its_token_returned(fake_max):
    answer = MaxClient().upload_file(
        name="invite.ics", content=b"BEGIN:VCALENDAR", content_type="text/calendar"
    )

    assert answer.ok
    assert fake_max.uploads[answer.body["token"]] == b"BEGIN:VCALENDAR"
    assert [call.params for call in fake_max.calls if call.path == "/uploads"] == [{"type": "file"}]


def test_a_download_larger_than_allowed_is_refused(fake_max):
    fake_max.files["big.pdf"] = b"x" * 2048
    client = MaxClient()

    assert client.download(f"{fake_max.base_url}/files/big.pdf", max_bytes=4096) == b"x" * 2048
    with pytest.raises(ValueError):
        client.download(f"{fake_max.base_url}/files/big.pdf", max_bytes=1024)
    with pytest.raises(requests.HTTPError):
        client.download(f"{fake_max.base_url}/files/missing.pdf", max_bytes=1024)
