"""The outbox: writing events with their deliveries, sending them, retrying, sweeping and purging.

- `emit`: an event and one delivery per receiving endpoint, in the transaction of the change;
  `endpoints` says which endpoints receive it (the default one follows ONEF_WEBHOOK_URL).
- `attempt`: one attempt of each of a batch of deliveries under their lease (`leases`), signed by
  `signing`, the outcomes recorded together.
- `sweep`: the periodic queueing of due deliveries no task holds, and the purge of old payloads.
- `redeliver`: HR's "send again" and the endpoint ping.
- `recovery`: a success after failures queues the endpoint's failed deliveries again, in order.
- `broker`: handing deliveries to Celery, one task per batch of what a transaction emits; a broker
  outage is left to the sweeper.
"""

from webhooks.services.attempt import INTERRUPTED, deliveries_attempt, delivery_attempt
from webhooks.services.emit import event_emit
from webhooks.services.endpoints import DEFAULT_ENDPOINT_NAME, endpoints_receiving
from webhooks.services.recovery import deliveries_replay_failed, endpoint_recovered
from webhooks.services.redeliver import delivery_redeliver, endpoint_ping
from webhooks.services.scrub import events_scrub_candidate
from webhooks.services.signing import endpoint_signer, signed_request
from webhooks.services.sweep import deliveries_purge, deliveries_sweep

__all__ = [
    "DEFAULT_ENDPOINT_NAME",
    "INTERRUPTED",
    "deliveries_attempt",
    "deliveries_purge",
    "deliveries_replay_failed",
    "deliveries_sweep",
    "delivery_attempt",
    "delivery_redeliver",
    "endpoint_ping",
    "endpoint_recovered",
    "endpoint_signer",
    "endpoints_receiving",
    "event_emit",
    "events_scrub_candidate",
    "signed_request",
]
