from django.core.exceptions import ValidationError
from django.db import models

from core.models import TimeStampedModel


class ApiScope(models.TextChoices):
    READ = "read", "Read (GET)"
    WRITE = "write", "Write (POST)"


def read_only_scopes() -> list[str]:
    return [ApiScope.READ]


class ApiKey(TimeStampedModel):
    """A key for the OneF API. Only a SHA-256 hash is stored; the key is shown once at creation.

    `scopes` grant `read` (GET) and/or `write` (POST). Rotation: create a new key, move the client to
    it, then revoke the old one; both work meanwhile.
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(
        max_length=12, db_index=True, help_text="The first characters, to recognise a key."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    scopes = models.JSONField(default=read_only_scopes, help_text="read (GET) and/or write (POST).")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The key stops working at this time; empty: never."
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def clean(self) -> None:
        if not self.scopes or not set(self.scopes) <= set(ApiScope.values):
            raise ValidationError({"scopes": f"Choose one or more of: {', '.join(ApiScope.values)}."})


class IdempotencyStatus(models.TextChoices):
    IN_FLIGHT = "in_flight", "In flight"
    COMPLETED = "completed", "Completed"


class IdempotencyRecord(TimeStampedModel):
    """One `Idempotency-Key` of one client: the request's fingerprint and, once done, its response.

    `client` is the API key (`key:<id>`) or, when the API runs without keys, the IP (`ip:<addr>`).
    Only successful responses are kept; a failed request releases its key so it can be retried.
    """

    client = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.CASCADE)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body.")
    status = models.CharField(
        max_length=12, choices=IdempotencyStatus.choices, default=IdempotencyStatus.IN_FLIGHT
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    response_headers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "idempotency key"
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_one_per_client_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=IdempotencyStatus.values), name="idempotency_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.key} ({self.status})"
