"""Tasks of the search for probable duplicates (re-exported by candidates.tasks for Celery)."""

from celery import shared_task
from django.db import transaction
from django.dispatch import receiver

from candidates.models import Candidate
from candidates.services import duplicates_detect, duplicates_detect_all
from candidates.signals import application_screened


@shared_task
def detect_duplicates(candidate_id: str) -> int:
    """The candidate's probable duplicates (queued once the text of a CV is stored)."""
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    return duplicates_detect(candidate=candidate) if candidate is not None else 0


@shared_task
def find_duplicates() -> int:
    """Nightly: every living candidate against the others (records from before, or edited by hand)."""
    return duplicates_detect_all()


@receiver(application_screened, dispatch_uid="candidates.duplicates.cv_text")
def _look_for_duplicates_with_the_cv(sender, *, application, **kwargs) -> None:
    """The screening stored the CV's text: the same CV under another record is a probable duplicate."""
    candidate_id = str(application.candidate_id)
    transaction.on_commit(lambda: detect_duplicates.delay(candidate_id), robust=True)
