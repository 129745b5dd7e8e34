"""Signals the candidates domain sends from its services. Receivers get keyword arguments only.

They are sent inside the transaction that made the change, so whatever a receiver writes (an
outbox row) commits or rolls back together with it.
"""

from django.dispatch import Signal

# candidate, old_status, new_status, actor (a user or None)
candidate_status_changed = Signal()
# application, old_status, new_status, actor, actor_label: one application moved to another stage
# (sent for every application, current or not; candidate_status_changed follows when the candidate's
# own status changes with it)
application_status_changed = Signal()
# application: a new application is stored (with the candidate's latest CV); the screening queues its analysis
application_created = Signal()
# application: the candidate sent a new CV for the application; the screening analyses it again
application_cv_replaced = Signal()
# application: its AI screening has finished (or failed) and the candidate's rating is current
application_screened = Signal()
# grade, shared_by
grade_shared = Signal()
# candidate (already wiped), personal: the values it held (name, surname, email, phone, telegram_id),
# so that other apps can scrub their copies (webhook payloads, the bot's chat) in the same transaction
candidate_anonymized = Signal()
# kept, merged, merge (a CandidateMerge): HR merged `merged` into `kept`; `merged` is now a stub
candidate_merged = Signal()
# kept, merged, merge: the merge was undone; `merged` is a candidate of its own again
candidate_merge_undone = Signal()
# kept, merged: sent inside the merge before the rows that point at `merged` move to `kept`; a
# receiver resolves its own uniqueness conflicts (two rows that would become one) and may return a
# JSON-able dict, kept with the merge (CandidateMerge.moved["prepared"]) for its undo receiver
candidate_merging = Signal()
