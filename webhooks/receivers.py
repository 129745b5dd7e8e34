"""Turns domain signals into outbox rows. The outbox and delivery land with the webhooks issue."""
