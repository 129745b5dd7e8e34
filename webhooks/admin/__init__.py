"""The outbox in the admin: endpoints (superusers), events and deliveries."""

from webhooks.admin import deliveries, endpoints

__all__ = ["deliveries", "endpoints"]
