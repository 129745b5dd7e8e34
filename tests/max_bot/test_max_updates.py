"""A MAX update as the dialog's Incoming, and the dialog's Reply as a MAX message body."""

from bot_dialog import Button, Reply
from max_bot.render import message_body
from max_bot.updates import parse, vcf_phone
from tests.fake_max import FakeMax

USER = 42


def test_a_contact_gives_the_phone_from_its_vcard_and_the_names_and_user_from_max_info():
    update = FakeMax().contact(USER, "+7 916 123-45-67", name="Иван Петров")

    incoming = parse(7, update).incoming

    assert (incoming.contact_phone, incoming.contact_user_id) == ("+7 916 123-45-67", USER)
    assert (incoming.contact_first_name, incoming.contact_last_name) == ("Иван", "Петров")
    assert (incoming.update_id, incoming.chat_id, incoming.channel, incoming.language_code) == (
        7,
        USER + 1,
        "max",
        "ru",
    )


def test_a_vcard_without_a_phone_gives_none():
    assert vcf_phone("BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD") is None
    assert vcf_phone("BEGIN:VCARD\nTEL;TYPE=CELL;TYPE=pref:+44 7911 123456\nEND:VCARD") == "+44 7911 123456"


def test_a_file_is_a_document_with_its_url_name_and_size():
    fake = FakeMax(base_url="http://max.test")

    document = parse(1, fake.file(USER, "cv.pdf", b"%PDF")).incoming.document

    assert (document.file_id, document.file_name, document.file_size) == (
        "http://max.test/files/cv.pdf",
        "cv.pdf",
        4,
    )


def test_a_command_a_start_with_a_deep_link_and_a_tap_are_routed():
    fake = FakeMax()
    assert parse(1, fake.message(USER, "/Vacancies@recruitment_max_bot")).command == "vacancies"
    started = parse(2, fake.start(USER, payload="v12"))
    assert (started.kind, started.command, started.incoming.text) == ("command", "start", "/start v12")
    tap = parse(3, fake.tap(USER, "apply:12"))
    assert (tap.kind, tap.callback_data, tap.incoming.chat_id) == ("callback", "apply:12", USER + 1)


def test_messages_of_bots_and_group_chats_are_not_answered():
    fake = FakeMax()
    group = fake.message(USER, "hi all")
    group["message"]["recipient"]["chat_type"] = "chat"
    own = fake.message(USER, "echo")
    own["message"]["sender"]["is_bot"] = True

    assert parse(1, group) is None
    assert parse(2, own) is None


def test_a_reply_s_buttons_become_an_inline_keyboard_and_share_contact_a_request_contact_button():
    reply = Reply("Выберите", buttons=((Button("Вакансии", "vacs:0"), Button("Мои отклики", "apps")),))
    assert message_body(reply) == {
        "text": "Выберите",
        "attachments": [
            {
                "type": "inline_keyboard",
                "payload": {
                    "buttons": [
                        [
                            {"type": "callback", "text": "Вакансии", "payload": "vacs:0"},
                            {"type": "callback", "text": "Мои отклики", "payload": "apps"},
                        ]
                    ]
                },
            }
        ],
    }
    contact = message_body(Reply("Телефон?", ask_contact=True, contact_label="Поделиться"))
    assert contact["attachments"][0]["payload"]["buttons"] == [
        [{"type": "request_contact", "text": "Поделиться"}]
    ]
    assert message_body(Reply("x" * 5000))["text"] == "x" * 4000
