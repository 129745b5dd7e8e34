"""One transport per channel kind: how an outbound `Message` leaves through its channel.

`messaging.delivery` owns what every channel shares (the queued -> sent/failed states, the
per-message claim, the sent marker, retries with backoff, the sweeper); a transport only sends one
message and says what came of it. A transport registers itself under its kind:

    from messaging import transports
    transports.transport_register(MyTransport())      # in an AppConfig.ready(), or at import

and must never raise for what the network or the remote service did: it answers a `SendResult`.

Built in: Telegram (`messaging.telegram_transport`) and e-mail (`messaging.email_transport`),
registered by `messaging.apps`. The MAX bot (a front door) registers its own for `max`.
"""

from dataclasses import dataclass
from typing import Protocol

from messaging.models import Message


@dataclass(frozen=True)
class SendResult:
    """What came of one send.

    - ok: the channel accepted the message; `external_id` is its id there (Telegram's message_id,
      the e-mail's Message-ID, MAX's mid), stored on the message.
    - retry_after: seconds to wait before the next try (a rate limit: the channel's own 429, or no
      free slot in our limiter, in which case `held_back` says nothing was sent).
    - final: failed for good (blocked, unknown address, refused): the message is marked failed;
      `address_dead` also marks the channel bounced.
    - otherwise a failure is transient: retried with backoff, up to delivery's limit.
    """

    ok: bool
    external_id: str = ""
    retry_after: float | None = None
    error: str = ""
    final: bool = False
    held_back: bool = False
    # With `final`: the address itself is dead (a hard bounce, a user who blocked the bot): the
    # channel is marked bounced and not used again until the address changes.
    address_dead: bool = False

    @property
    def transient(self) -> bool:
        return not self.ok and not self.final


class Transport(Protocol):
    kind: str  # a messaging.models.ChannelKind value
    # How long one send may take at most (the per-message claim outlives it).
    claim_seconds: float

    def configured(self) -> bool:
        """Whether it can send at all (a token, a mail server); when not, messages stay queued."""
        ...

    def not_configured_reason(self) -> str:
        """Shown to HR on a message that stays queued because `configured()` is False."""
        ...

    def send(self, message: Message) -> SendResult:
        """Send `message` (its text, document, buttons) to `message.candidate_channel.address`."""
        ...


_transports: dict[str, Transport] = {}


def transport_register(transport: Transport) -> None:
    _transports[transport.kind] = transport


def transport_for(kind: str) -> Transport | None:
    return _transports.get(kind)


def transport_kinds() -> list[str]:
    """The kinds that have a transport registered (configured or not)."""
    return list(_transports)
