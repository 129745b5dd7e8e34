from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class ApiScope(models.TextChoices):
    READ = "read", _("Read (GET)")
    WRITE = "write", _("Write (POST)")


def read_only_scopes() -> list[str]:
    return [ApiScope.READ]


class ApiKey(TimeStampedModel):
    """A key for the OneF API. Only a SHA-256 hash is stored; the key is shown once at creation.

    `scopes` grant `read` (GET) and/or `write` (POST). Rotation: create a new key, move the client to
    it, then revoke the old one; both work meanwhile.
    """

    name = models.CharField(max_length=100, verbose_name=_("name"))
    prefix = models.CharField(
        max_length=12,
        db_index=True,
        help_text=_("The first characters, to recognise a key."),
        verbose_name=_("prefix"),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("key hash"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    last_used_ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("last used from IP"))
    scopes = models.JSONField(
        default=read_only_scopes, help_text=_("read (GET) and/or write (POST)."), verbose_name=_("scopes")
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The key stops working at this time; empty: never."),
        verbose_name=_("expires at"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = _("API keys")
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def clean(self) -> None:
        if not self.scopes or not set(self.scopes) <= set(ApiScope.values):
            raise ValidationError(
                {"scopes": _("Choose one or more of: %(scopes)s.") % {"scopes": ", ".join(ApiScope.values)}}
            )


class IdempotencyStatus(models.TextChoices):
    IN_FLIGHT = "in_flight", _("In flight")
    COMPLETED = "completed", _("Completed")


class IdempotencyRecord(TimeStampedModel):
    """One `Idempotency-Key` of one client: the request's fingerprint and, once done, its response.

    `client` is the API key (`key:<id>`) or, when the API runs without keys, the IP (`ip:<addr>`).
    Only successful responses are kept; a failed request releases its key so it can be retried.
    """

    client = models.CharField(max_length=80, verbose_name=_("client"))
    key = models.CharField(max_length=255, verbose_name=_("key"))
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("API key")
    )
    request_hash = models.CharField(
        max_length=64, help_text=_("SHA-256 of the method, path and body."), verbose_name=_("request hash")
    )
    status = models.CharField(
        max_length=12,
        choices=IdempotencyStatus.choices,
        default=IdempotencyStatus.IN_FLIGHT,
        verbose_name=_("status"),
    )
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("response status")
    )
    response_body = models.TextField(blank=True, verbose_name=_("response body"))
    response_headers = models.JSONField(default=dict, blank=True, verbose_name=_("response headers"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("idempotency keys")
        verbose_name = _("idempotency key")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_one_per_client_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=IdempotencyStatus.values), name="idempotency_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.key} ({self.status})"
