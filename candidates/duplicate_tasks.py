"""The search for probable duplicates outside registration: the nightly task (re-exported by
candidates.tasks for Celery) and the check when the screening has stored a CV's text."""

from celery import shared_task
from django.dispatch import receiver

from candidates.models import Candidate
from candidates.services import duplicates_detect, duplicates_detect_all
from candidates.signals import application_screened


@shared_task
def find_duplicates() -> int:
    """Nightly: every living candidate against the others (records from before, or edited by hand)."""
    return duplicates_detect_all()


@receiver(application_screened, dispatch_uid="candidates.duplicates.cv_text")
def _look_for_duplicates_with_the_cv(sender, *, application, **kwargs) -> None:
    """The screening stored the CV's text: the same CV under another record is a probable duplicate
    (a few indexed queries, in the screening's transaction)."""
    candidate = Candidate.objects.filter(pk=application.candidate_id).first()
    if candidate is not None:
        duplicates_detect(candidate=candidate)
