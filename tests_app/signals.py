"""Signals the tests domain sends from its services (inside the transaction of the change)."""

from django.dispatch import Signal

# attempt, old_status, new_status: every status change after the invitation was created
attempt_status_changed = Signal()
