"""Signals the messaging domain sends from its services (inside the transaction of the change)."""

from django.dispatch import Signal

# message: a new inbound message from a candidate (never our own outbound ones)
message_received = Signal()
