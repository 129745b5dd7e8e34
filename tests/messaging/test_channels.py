"""messaging.channels and messaging.transports: a candidate's channels, which one a message goes
through, and a transport plugged in through the registry (as the MAX bot does)."""

import pytest
from django.utils import timezone

from candidates.services import candidate_anonymize
from messaging import channels, delivery, services, transports
from messaging.models import CandidateChannel, ChannelKind, DeliveryStatus, Message
from messaging.transports import SendResult
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


class RecordingTransport:
    """A transport for MAX as a front door would register it: it records what it was asked to send."""

    kind = ChannelKind.MAX
    claim_seconds = 5

    def __init__(self, result: SendResult) -> None:
        self.result, self.sent = result, []

    def configured(self) -> bool:
        return True

    def not_configured_reason(self) -> str:
        return ""

    def send(self, message: Message) -> SendResult:
        self.sent.append((message.candidate_channel.address, message.text))
        return self.result


@pytest.fixture(autouse=True)
def _registered_transports_kept():
    """These tests plug in their own MAX transport; the MAX bot's own is put back after each."""
    saved = dict(transports._transports)
    yield
    transports._transports.clear()
    transports._transports.update(saved)


@pytest.fixture
def max_transport():
    transport = RecordingTransport(SendResult(ok=True, external_id="mid.000123"))
    transports.transport_register(transport)
    yield transport
    transports._transports.pop(ChannelKind.MAX, None)


def test_a_registered_transport_sends_a_message_through_its_channel(max_transport, queued_tasks):
    candidate = CandidateFactory(telegram_id=None)
    channels.channel_record(candidate=candidate, kind=ChannelKind.MAX, address="98765")
    message = services.message_send(candidate=candidate, text="Hello from HR")
    assert (message.channel, message.candidate_channel.address) == ("max", "98765")

    assert delivery.deliver(message.pk).result == "sent"
    message.refresh_from_db()
    assert max_transport.sent == [("98765", "Hello from HR")]
    assert (message.delivery_status, message.external_id) == (DeliveryStatus.SENT, "mid.000123")


def test_a_dead_address_marks_the_channel_bounced_and_it_is_not_used_again(queued_tasks):
    transport = RecordingTransport(SendResult(ok=False, error="blocked", final=True, address_dead=True))
    transports.transport_register(transport)
    try:
        candidate = CandidateFactory(telegram_id=None)
        channel = channels.channel_record(candidate=candidate, kind=ChannelKind.MAX, address="5")
        message = services.message_send(candidate=candidate, text="Hi")
        assert delivery.deliver(message.pk).result == "failed"
        channel.refresh_from_db()
        assert channel.bounced_at is not None and channel.bounce_reason == "blocked"
        with pytest.raises(channels.CandidateUnreachable):
            services.message_send(candidate=candidate, text="Again")
    finally:
        transports._transports.pop(ChannelKind.MAX, None)


def test_telegram_goes_first_unless_another_channel_is_preferred(max_transport, queued_tasks):
    candidate = CandidateFactory(telegram_id=4242)
    max_channel = channels.channel_record(candidate=candidate, kind=ChannelKind.MAX, address="7")
    assert services.message_send(candidate=candidate, text="a").channel == "telegram"
    channels.channel_set_preferred(channel=max_channel)
    assert services.message_send(candidate=candidate, text="b").channel == "max"
    assert services.message_send(candidate=candidate, text="c", channel="telegram").channel == "telegram"


def test_the_telegram_channel_follows_the_candidates_telegram_id(queued_tasks):
    candidate = CandidateFactory(telegram_id=111)
    services.message_send(candidate=candidate, text="a")
    candidate.telegram_id = 222
    candidate.save()
    message = services.message_send(candidate=candidate, text="b")
    assert (message.telegram_chat_id, message.candidate_channel.address) == (222, "222")


def test_without_any_usable_channel_the_candidate_is_unreachable(queued_tasks):
    candidate = CandidateFactory(telegram_id=None, email="a@example.com")
    with pytest.raises(channels.CandidateUnreachable):
        services.message_send(candidate=candidate, text="Hi")
    assert not Message.objects.exists()


def test_a_messenger_chat_recorded_for_another_candidate_moves_to_the_new_one():
    first, second = CandidateFactory(telegram_id=None), CandidateFactory(telegram_id=None)
    channels.channel_record(candidate=first, kind=ChannelKind.MAX, address="77")
    channels.channel_record(candidate=second, kind=ChannelKind.MAX, address="77")
    assert list(CandidateChannel.objects.filter(kind="max").values_list("candidate", flat=True)) == [
        second.pk
    ]


def test_an_email_address_is_stored_lower_case_and_consent_once_given_stays():
    candidate = CandidateFactory()
    now = timezone.now()
    channel = channels.channel_record(
        candidate=candidate, kind="email", address=" Ann@Example.COM", consent_at=now
    )
    again = channels.channel_record(candidate=candidate, kind="email", address="ann@example.com")
    assert (again.pk, again.address, again.consent_at) == (channel.pk, "ann@example.com", now)


def test_an_inbound_message_with_the_same_external_id_is_stored_once():
    candidate = CandidateFactory()
    first, created = services.message_receive(
        candidate=candidate, text="hi", channel="max", external_id="mid.1"
    )
    again, created_again = services.message_receive(
        candidate=candidate, text="hi", channel="max", external_id="mid.1"
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)


def test_erasing_the_candidate_forgets_their_addresses():
    candidate = CandidateFactory()
    channels.channels_sync(candidate=candidate)
    assert CandidateChannel.objects.filter(candidate=candidate).count() == 2  # Telegram and e-mail
    candidate_anonymize(candidate=candidate)
    assert not CandidateChannel.objects.filter(candidate=candidate).exists()


def test_merging_candidates_moves_the_merged_ones_channels_and_keeps_a_shared_address_once():
    from candidates.services.merge import candidate_merge

    kept = CandidateFactory(telegram_id=None, email="ann@example.org")
    merged = CandidateFactory(telegram_id=555, email="ann@example.org")
    channels.channels_sync(candidate=kept)
    channels.channels_sync(candidate=merged)
    channels.channel_record(candidate=merged, kind=ChannelKind.MAX, address="9")
    candidate_merge(kept=kept, merged=merged, actor=None)
    mine = sorted(CandidateChannel.objects.filter(candidate=kept).values_list("kind", "address"))
    assert mine == [("email", "ann@example.org"), ("max", "9"), ("telegram", "555")]
    assert not CandidateChannel.objects.filter(candidate=merged).exists()
