"""Orchestration: CV text, the vacancy to compare with, the analyzer, the stored AIAnalysis.

Every path ends with a stored analysis (rating null and a comment saying why when there is
nothing to rate), and `application_screen` always marks the application screened so that the
`new_application` webhook is announced even when the analysis failed.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.models import AIAnalysis, Application, Candidate, HistoryKind
from candidates.screening import local, openai_compat
from candidates.screening.extraction import CVTextError, cv_file_read, cv_text_extract
from candidates.screening.local import local_analyze
from candidates.screening.result import AnalysisResult, comment_bound
from candidates.selectors import candidate_current_application
from candidates.services import (
    application_mark_screened,
    candidate_sync_current,
    history_record,
)

logger = logging.getLogger(__name__)

FAILED_BACKEND = "none"


def candidate_analyze(
    *, candidate: Candidate, application: Application | None = None, actor_label: str = ""
) -> AIAnalysis:
    """Analyse the application's CV against its vacancy (default: the candidate's current application).

    The rating is stored on the application; the candidate's fields follow its current application.
    """
    started = time.monotonic()
    if application is None:
        application = candidate_current_application(candidate=candidate)
    try:
        if application is not None and (application.cv_file or application.cv_text):
            cv_text = application_cv_text(application=application)
        else:  # no application, or one sent without a CV: the candidate's latest CV
            cv_text = candidate_cv_text(candidate=candidate)
    except CVTextError as exc:
        cv_text, no_text_reason = "", str(exc)
    else:
        no_text_reason = "" if cv_text else "the candidate has no CV"

    if no_text_reason:
        result = AnalysisResult(
            backend=FAILED_BACKEND, rating=None, comment=f"No rating: {no_text_reason}.", error=no_text_reason
        )
    elif application is None:
        result = AnalysisResult(
            backend=FAILED_BACKEND,
            rating=None,
            comment="No rating: there is nothing to compare the CV with, the candidate has not applied to any vacancy.",
        )
    else:
        try:
            result = _analyze(cv_text=cv_text, application=application)
        except Exception as exc:
            # A bug in an analyzer must not cost the caller (an API request, a task) its answer.
            logger.exception("AI analysis of candidate %s failed", candidate.pk)
            result = AnalysisResult(
                backend=FAILED_BACKEND,
                rating=None,
                comment="No rating: the AI analysis failed with an internal error; run it again later.",
                error=repr(exc)[:2000],
            )
    return _store(
        candidate=candidate,
        application=application,
        result=result,
        input_hash=_input_hash(cv_text=cv_text, application=application),
        duration_ms=round((time.monotonic() - started) * 1000),
        actor_label=actor_label,
    )


def application_screen(*, application: Application) -> AIAnalysis:
    """Screen a new application, then announce it, whatever happened to the analysis."""
    try:
        return candidate_analyze(candidate=application.candidate, application=application)
    except Exception as exc:
        logger.exception("AI screening of application %s failed", application.pk)
        return _store(
            candidate=application.candidate,
            application=application,
            result=AnalysisResult(
                backend=FAILED_BACKEND,
                rating=None,
                comment="No rating: the AI screening failed with an internal error; run the analysis again.",
                error=repr(exc)[:2000],
            ),
            input_hash="",
            duration_ms=0,
        )
    finally:
        application_mark_screened(application=application)


def application_cv_text(*, application: Application) -> str:
    """The text of the application's CV (the CV sent with it), kept in its `cv_text`."""
    if not application.cv_file:
        return application.cv_text
    text = cv_text_extract(
        data=cv_file_read(cv_file=application.cv_file),
        filename=application.cv_filename or application.cv_file.name,
    )
    if text != application.cv_text:
        Application.objects.filter(pk=application.pk).update(cv_text=text)
        application.cv_text = text
    return text


def candidate_cv_text(*, candidate: Candidate) -> str:
    """The text of the candidate's CV file, kept in `cv_text`; without a file, whatever `cv_text` holds."""
    if not candidate.cv_file:
        return candidate.cv_text
    text = cv_text_extract(
        data=cv_file_read(cv_file=candidate.cv_file), filename=candidate.cv_filename or candidate.cv_file.name
    )
    if text != candidate.cv_text:
        Candidate.objects.filter(pk=candidate.pk).update(cv_text=text)
        candidate.cv_text = text
    return text


def _analyze(*, cv_text: str, application: Application) -> AnalysisResult:
    vacancy = application.vacancy
    if settings.AI_BACKEND != "openai":
        return local_analyze(cv_text=cv_text, vacancy=vacancy)
    try:
        return openai_compat.openai_analyze(
            cv_text=cv_text,
            vacancy_name=vacancy.name,
            vacancy_text=f"Requirements:\n{vacancy.requirements}\n\nDescription:\n{vacancy.description}",
        )
    except openai_compat.ModelAnswerError as exc:
        reason = str(exc)
    local = local_analyze(cv_text=cv_text, vacancy=vacancy)
    return AnalysisResult(
        backend=local.backend,
        model=local.model,
        rating=local.rating,
        comment=comment_bound(
            f"The AI model ({settings.AI_MODEL}) could not be used: {reason}; "
            f"the local analyzer answered instead. {local.comment}"
        ),
        breakdown=local.breakdown,
        error=f"{openai_compat.BACKEND} {settings.AI_MODEL}: {reason}",
    )


def _store(
    *,
    candidate: Candidate,
    application: Application | None,
    result: AnalysisResult,
    input_hash: str,
    duration_ms: int,
    actor_label: str = "",
) -> AIAnalysis:
    rating = None if result.rating is None else max(0, min(100, result.rating))
    comment = comment_bound(result.comment)
    with transaction.atomic():
        # Targeted updates under the candidate's lock: its row may have changed while the model thought.
        locked = Candidate.objects.select_for_update(no_key=True).get(pk=candidate.pk)
        analysis = AIAnalysis.objects.create(
            candidate=candidate,
            application=application,
            backend=result.backend[:20],
            model=result.model[:100],
            rating=rating,
            comment=comment,
            breakdown=result.breakdown,
            duration_ms=max(0, duration_ms),
            input_hash=input_hash,
            error=result.error,
        )
        history_record(
            candidate=locked,
            application=application,
            kind=HistoryKind.ANALYSED,
            to_value="" if rating is None else str(rating),
            actor_label=actor_label,
            details={"analysis_id": analysis.pk, "backend": analysis.backend},
        )
        if application is None:
            Candidate.objects.filter(pk=candidate.pk).update(
                ai_rating=rating, ai_comment=comment, updated_at=timezone.now()
            )
            candidate.ai_rating, candidate.ai_comment = rating, comment
            return analysis
        Application.objects.filter(pk=application.pk).update(
            ai_rating=rating, ai_comment=comment, updated_at=timezone.now()
        )
        application.ai_rating, application.ai_comment = rating, comment
        candidate_sync_current(candidate=locked)
    candidate.ai_rating, candidate.ai_comment = locked.ai_rating, locked.ai_comment
    candidate.cv_text = locked.cv_text
    return analysis


def _input_hash(*, cv_text: str, application: Application | None) -> str:
    """Same CV, same vacancy text and same analyzer configuration give the same hash."""
    digest = hashlib.sha256()
    parts = [
        settings.AI_BACKEND,
        settings.AI_MODEL if settings.AI_BACKEND == "openai" else "",
        openai_compat.PROMPT_VERSION,
        local.MODEL,
        cv_text,
    ]
    if application is not None:
        vacancy = application.vacancy
        parts += [vacancy.name, vacancy.requirements, vacancy.description]
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()
