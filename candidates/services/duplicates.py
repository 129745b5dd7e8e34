"""Probable duplicates: found on registration, when a CV's text is stored, and nightly for everyone
(`find_duplicates`); listed for HR, who merges or dismisses them. Never merged automatically.

Probable means: the same phone, email or CV text (records from before every way in recognised
returning people, or a way in that may not join on a typed detail), or the same name with a
similar phone (one digit off, two neighbours swapped, another country code) or a similar email
(the same mailbox name ignoring dots and +tags, or one character off).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from candidates.models import Candidate, DuplicatePair, DuplicateReason, DuplicateState

NAME_MATCH_LIMIT = 50  # a very common name: compare with this many namesakes only


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _one_edit_apart(a: str, b: str) -> bool:
    """At most one character inserted, removed, replaced, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def phones_similar(a: str, b: str) -> bool:
    a, b = _digits(a), _digits(b)
    if len(a) < 7 or len(b) < 7:
        return False
    return a[-10:] == b[-10:] or (len(a) == len(b) and _one_edit_apart(a, b))


def _mailbox(email: str) -> tuple[str, str]:
    local, _, domain = email.strip().casefold().partition("@")
    return local.split("+", 1)[0].replace(".", ""), domain


def emails_similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    (local_a, domain_a), (local_b, domain_b) = _mailbox(a), _mailbox(b)
    if local_a and local_a == local_b:
        return True
    return domain_a == domain_b and len(local_a) > 3 and _one_edit_apart(local_a, local_b)


def _reasons(candidate: Candidate) -> dict[Candidate, str]:
    """The other living records that are probably this person, each with the strongest reason."""
    others = Candidate.objects.filter(anonymized_at__isnull=True, merged_into__isnull=True).exclude(
        pk=candidate.pk
    )
    found: dict[Candidate, str] = {}
    if candidate.fullname.strip():
        namesakes = others.annotate(name_ci=Lower("fullname")).filter(name_ci=candidate.fullname.lower())
        for other in namesakes[:NAME_MATCH_LIMIT]:
            if phones_similar(candidate.phone, other.phone):
                found[other] = DuplicateReason.NAME_SIMILAR_PHONE
            elif emails_similar(candidate.email, other.email):
                found[other] = DuplicateReason.NAME_SIMILAR_EMAIL
    exact = [
        (DuplicateReason.SAME_CV, Q(cv_text_hash=candidate.cv_text_hash), candidate.cv_text_hash),
        (DuplicateReason.SAME_EMAIL, Q(email__iexact=candidate.email.strip()), candidate.email.strip()),
        (DuplicateReason.SAME_PHONE, Q(phone=candidate.phone), candidate.phone),
    ]
    for reason, condition, value in exact:  # the last found wins: the strongest reason
        if value:
            for other in others.filter(condition)[:NAME_MATCH_LIMIT]:
                found[other] = reason
    return found


def duplicates_detect(*, candidate: Candidate) -> int:
    """Record a pair for each probable duplicate of `candidate`; returns how many pairs are new.
    A pair HR dismissed (or merged) stays as HR left it."""
    if candidate.anonymized_at is not None or candidate.merged_into_id is not None:
        return 0
    created = 0
    for other, reason in _reasons(candidate).items():
        first, second = sorted((candidate, other), key=lambda c: (c.created_at, str(c.pk)))
        try:
            with transaction.atomic():
                _, new = DuplicatePair.objects.get_or_create(
                    first=first, second=second, defaults={"reason": reason}
                )
        except IntegrityError:  # found at the same moment by another process
            new = False
        created += new
    return created


def duplicates_detect_all() -> int:
    """Check every living candidate (the nightly task and the `find_duplicates` command)."""
    living = Candidate.objects.filter(anonymized_at__isnull=True, merged_into__isnull=True)
    return sum(duplicates_detect(candidate=c) for c in living.order_by("created_at").iterator(chunk_size=500))


def duplicate_dismiss(*, pair: DuplicatePair, actor: AbstractBaseUser | None) -> None:
    """HR says the two are different people: the pair leaves the lists and is not suggested again."""
    if pair.state != DuplicateState.OPEN:
        raise ValidationError(
            gettext("This pair was already resolved (%(state)s).") % {"state": pair.get_state_display()}
        )
    pair.state, pair.resolved_by, pair.resolved_at = DuplicateState.DISMISSED, actor, timezone.now()
    pair.save(update_fields=["state", "resolved_by", "resolved_at", "updated_at"])
