"""Signals the webhooks app sends from its services (inside the transaction of the change)."""

from django.dispatch import Signal

# delivery: it has finally failed (retries exhausted, a refusal, or 410 Gone); endpoint: its endpoint
delivery_failed = Signal()
