import io

import pytest
from django.core.management import CommandError, call_command

from onef_api.models import ApiKey
from onef_api.selectors import api_key_for_raw

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("onef_api_key", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_prints_a_working_key_once_and_stores_its_hash():
    raw = run("create", "OneF production").strip()
    api_key = ApiKey.objects.get()
    assert api_key.name == "OneF production"
    assert api_key_for_raw(raw) == api_key
    assert raw not in {api_key.key_hash, api_key.prefix}


def test_list_shows_prefix_and_state_but_never_the_key():
    raw = run("create", "Listed").strip()
    listing = run("list")
    assert ApiKey.objects.get().prefix in listing and "active" in listing
    assert raw not in listing


def test_revoke_by_prefix_disables_the_key():
    raw = run("create", "Revoked").strip()
    assert "Revoked" in run("revoke", ApiKey.objects.get().prefix)
    assert api_key_for_raw(raw) is None


def test_revoke_with_an_unknown_prefix_fails_clearly():
    with pytest.raises(CommandError, match="No keys match"):
        run("revoke", "onef_nothing")


def test_create_without_a_name_fails_clearly():
    with pytest.raises(CommandError, match="name"):
        run("create", "  ")


def test_create_with_scopes_and_an_expiry_date():
    run("create", "Reader", "--scopes", "read", "--expires", "2099-01-01")
    api_key = ApiKey.objects.get()
    assert api_key.scopes == ["read"]
    assert api_key.expires_at.isoformat() == "2099-01-01T00:00:00+00:00"


def test_create_without_scopes_gives_read_and_write():
    run("create", "Full")
    assert ApiKey.objects.get().scopes == ["read", "write"]


@pytest.mark.parametrize("args", [["--scopes", "admin"], ["--scopes", ","], ["--expires", "soon"]])
def test_create_with_bad_scopes_or_expiry_fails_clearly(args):
    with pytest.raises(CommandError, match=r"--scopes|--expires"):
        run("create", "Bad", *args)
    assert not ApiKey.objects.exists()


def test_create_with_an_expiry_in_the_past_fails():
    with pytest.raises(CommandError, match="future"):
        run("create", "Old", "--expires", "2001-01-01")


def test_rotate_prints_a_new_key_and_both_work_until_the_old_is_revoked():
    old_raw = run("create", "Rotating", "--scopes", "read").strip()
    old = ApiKey.objects.get()
    new_raw = run("rotate", old.prefix).strip()
    assert api_key_for_raw(old_raw) == old
    new = api_key_for_raw(new_raw)
    assert new != old and (new.name, new.scopes) == ("Rotating", ["read"])
    run("revoke", old.prefix)
    assert api_key_for_raw(old_raw) is None and api_key_for_raw(new_raw) == new
