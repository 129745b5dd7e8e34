"""The candidate keeps their application current: a new CV for an application, a new email or
phone, or withdrawing an application (a stage change through the pipeline, so it is announced)."""

from django.db import transaction

from candidates import signals
from candidates.models import WITHDRAWN_BY_CANDIDATE, Application, Candidate, CandidateStatus, HistoryKind
from candidates.services.history import history_record
from candidates.services.people import candidate_attach_cv
from candidates.services.pipeline import application_status_change, candidate_sync_current


def application_replace_cv(
    *, application: Application, content: bytes, filename: str, actor_label: str = ""
) -> Application:
    """The application's CV is replaced (same type and size rules as applying); it is screened again."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update(no_key=True).get(pk=application.candidate_id)
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        previous = locked.cv_file.name if locked.cv_file else ""
        candidate_attach_cv(candidate=candidate, content=content, filename=filename)
        locked.cv_file, locked.cv_filename = candidate.cv_file.name, candidate.cv_filename
        locked.cv_text = ""  # extracted again by the screening
        locked.save(update_fields=["cv_file", "cv_filename", "cv_text", "updated_at"])
        history_record(
            candidate=candidate,
            application=locked,
            kind=HistoryKind.CV_UPDATED,
            actor_label=actor_label,
            details={"filename": locked.cv_filename},
        )
        candidate_sync_current(candidate=candidate, actor_label=actor_label)
        still_used = (
            Application.objects.filter(cv_file=previous).exists()
            or Candidate.objects.filter(cv_file=previous).exists()
        )
        if previous and not still_used:
            storage = locked.cv_file.storage
            transaction.on_commit(lambda: storage.delete(previous), robust=True)
        signals.application_cv_replaced.send(sender=Application, application=locked)
    return locked


def candidate_update_contact(
    *, candidate: Candidate, email: str | None = None, phone: str | None = None, actor_label: str = ""
) -> Candidate:
    """A new email and/or phone (validated and stored like at registration: the phone in E.164)."""
    old = {"email": candidate.email, "phone": candidate.phone}
    if email is not None:
        candidate.email = email.strip()
    if phone is not None:
        candidate.phone = phone
    candidate.full_clean()
    changed = [field for field in ("email", "phone") if getattr(candidate, field) != old[field]]
    if changed:
        candidate.save(update_fields=[*changed, "updated_at"])
        history_record(
            candidate=candidate,
            kind=HistoryKind.CONTACT_UPDATED,
            actor_label=actor_label,
            details={"fields": changed},
        )
    return candidate


def application_withdraw(*, application: Application) -> bool:
    """The candidate withdraws: the application is closed (rejected, the spec's stage for it) through
    the pipeline, so `candidate_status_changed` goes out when the candidate's status moves."""
    if application.is_closed:
        return False
    return application_status_change(
        application=application, status=CandidateStatus.REJECTED, actor_label=WITHDRAWN_BY_CANDIDATE
    )
