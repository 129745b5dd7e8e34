"""A merge of two candidates, as the messaging app sees it: the merged candidate's channels move to
the kept one (with every other row), except what would break a channel's uniqueness: a channel the
kept candidate already has (the same kind and address) is removed, and a second "preferred" flag
is dropped. Both are remembered with the merge so that its undo puts them back."""

from candidates.models import Candidate, CandidateMerge
from messaging.channel_models import CandidateChannel

KEY = "messaging.channels"
RESTORED_FIELDS = (
    "kind",
    "address",
    "consent_at",
    "preferred",
    "bounced_at",
    "bounce_reason",
    "unsubscribed_at",
)


def channels_prepare_merge(*, kept: Candidate, merged: Candidate) -> dict:
    theirs = CandidateChannel.objects.filter(candidate=merged)
    ours = set(CandidateChannel.objects.filter(candidate=kept).values_list("kind", "address"))
    removed = [channel for channel in theirs if (channel.kind, channel.address) in ours]
    saved = [
        {**{field: getattr(c, field) for field in RESTORED_FIELDS}, "reply_token": c.reply_token}
        for c in removed
    ]
    CandidateChannel.objects.filter(pk__in=[c.pk for c in removed]).delete()
    unpreferred = []
    if CandidateChannel.objects.filter(candidate=kept, preferred=True).exists():
        unpreferred = list(theirs.filter(preferred=True).values_list("pk", flat=True))
        CandidateChannel.objects.filter(pk__in=unpreferred).update(preferred=False)
    return {KEY: {"removed": saved, "unpreferred": unpreferred}} if saved or unpreferred else {}


def channels_restore_after_undo(*, merge: CandidateMerge) -> None:
    noted = (merge.moved.get("prepared") or {}).get(KEY) or {}
    for values in noted.get("removed", []):
        CandidateChannel.objects.create(candidate_id=merge.merged_id, **values)
    CandidateChannel.objects.filter(pk__in=noted.get("unpreferred", []), candidate_id=merge.merged_id).update(
        preferred=True
    )
