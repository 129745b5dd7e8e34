from django.test import override_settings

from core.secrets_at_rest import SecretBox


def test_a_secret_comes_back_as_it_was_stored():
    box = SecretBox("tests.one")
    stored = box.encrypt("s3cret")
    assert stored != "s3cret"
    assert box.decrypt(stored) == "s3cret"


def test_an_empty_secret_is_stored_and_read_as_empty():
    box = SecretBox("tests.one")
    assert box.encrypt("") == ""
    assert box.decrypt("") == ""


def test_a_box_of_another_purpose_cannot_read_the_secret():
    stored = SecretBox("tests.one").encrypt("s3cret")
    assert SecretBox("tests.two").decrypt(stored) == ""


def test_after_the_secret_key_changes_the_stored_secret_reads_as_empty():
    box = SecretBox("tests.one")
    stored = box.encrypt("s3cret")
    with override_settings(SECRET_KEY="another key " * 5):
        assert box.decrypt(stored) == ""
