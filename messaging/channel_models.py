"""A candidate's channels: the ways we can reach them (Telegram, MAX, e-mail), each with its address
and its own consent. One transport per kind sends through it (`messaging.transports`)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.models import TimeStampedModel


class ChannelKind(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram")
    MAX = "max", _("MAX")
    EMAIL = "email", _("E-mail")


class MessageChannel(models.TextChoices):
    """Where a message came in or went out: a candidate's channel, or hh.ru's chat (inbound only;
    job_boards brings those in, and hh.ru's chat is not a channel we send through)."""

    TELEGRAM = "telegram", _("Telegram")
    MAX = "max", _("MAX")
    EMAIL = "email", _("E-mail")
    HH = "hh", _("hh.ru chat")


# When no channel is marked preferred (or the preferred one cannot be used), the first usable of these.
KIND_ORDER = (ChannelKind.TELEGRAM, ChannelKind.MAX, ChannelKind.EMAIL)
# Kinds we may write to only with the candidate's consent recorded on the channel. A messenger chat
# is opened by the candidate (they wrote to the bot first); an address typed into a form is not.
CONSENT_REQUIRED = frozenset({ChannelKind.EMAIL})


def new_reply_token() -> str:
    """Unguessable (128 bits), short enough for an address's local part: reply+<token>@domain."""
    return secrets.token_hex(16)


class CandidateChannel(TimeStampedModel):
    """One way to reach a candidate. `address` is the chat id (Telegram, MAX) or the e-mail address
    (lower-cased). `reply_token` threads answers back to the candidate (e-mail reply address,
    unsubscribe link)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="channels", verbose_name=_("candidate")
    )
    kind = models.CharField(max_length=10, choices=ChannelKind.choices, verbose_name=_("kind"))
    address = models.CharField(max_length=254, verbose_name=_("address"))
    consent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("consent given at"))
    preferred = models.BooleanField(default=False, verbose_name=_("preferred"))
    bounced_at = models.DateTimeField(null=True, blank=True, verbose_name=_("bounced at"))
    bounce_reason = models.CharField(max_length=500, blank=True, verbose_name=_("bounce reason"))
    unsubscribed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("unsubscribed at"))
    reply_token = models.CharField(
        max_length=32, unique=True, default=new_reply_token, editable=False, verbose_name=_("reply token")
    )

    class Meta:
        ordering = ["candidate", "kind", "id"]
        verbose_name = _("candidate channel")
        verbose_name_plural = _("candidate channels")
        indexes = [
            models.Index(fields=["kind", "address"], name="channel_kind_address_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "kind", "address"], name="channel_candidate_kind_address_unique"
            ),
            # A messenger chat belongs to one candidate; an e-mail address may be shared by two
            # candidate records (careers tells returning applicants by e-mail AND phone), so answers
            # are threaded by the reply token first.
            models.UniqueConstraint(
                fields=["kind", "address"],
                condition=models.Q(kind__in=["telegram", "max"]),
                name="channel_messenger_address_unique",
            ),
            models.UniqueConstraint(
                fields=["candidate"], condition=models.Q(preferred=True), name="channel_one_preferred"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ChannelKind.values), name="channel_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"

    @property
    def usable(self) -> bool:
        """Whether we may send through it now: not bounced, not unsubscribed, consent where needed."""
        if self.bounced_at is not None or self.unsubscribed_at is not None:
            return False
        return self.kind not in CONSENT_REQUIRED or self.consent_at is not None
