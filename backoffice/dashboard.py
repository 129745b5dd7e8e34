"""The HR dashboard on the admin index: counters, charts (inline SVG, no JavaScript) and to-do lists."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from backoffice import selectors
from backoffice.analytics import stage_analytics
from backoffice.retention import candidates_due_for_anonymisation
from candidates.selectors import vacancies_published
from interviews import booking_selectors
from interviews import selectors as interview_selectors
from webhooks import selectors as webhook_selectors

PER_DAY_WIDTH, PER_DAY_HEIGHT, PER_DAY_GAP = 600, 140, 4
FUNNEL_WIDTH, FUNNEL_BAR_MAX, FUNNEL_ROW = 600, 330, 34


def per_day_bars(per_day: list) -> list[dict]:
    peak = max((count for _, count in per_day), default=0) or 1
    slot = PER_DAY_WIDTH / max(len(per_day), 1)
    bars = []
    for index, (day, count) in enumerate(per_day):
        height = round(PER_DAY_HEIGHT * count / peak, 1)
        bars.append(
            {
                "x": round(index * slot, 1),
                "y": round(PER_DAY_HEIGHT - height, 1),
                "width": round(slot - PER_DAY_GAP, 1),
                "height": height,
                "day": day,
                "count": count,
                "label": index % 5 == 0 or index == len(per_day) - 1,
                "label_x": round(index * slot + (slot - PER_DAY_GAP) / 2, 1),
            }
        )
    return bars


def funnel_rows(stages: list) -> list[dict]:
    return [
        {
            "stage": stage,
            "y": index * FUNNEL_ROW,
            "text_y": index * FUNNEL_ROW + 20,
            "width": max(round(FUNNEL_BAR_MAX * stage.share_of_total / 100, 1), 2),
        }
        for index, stage in enumerate(stages)
    ]


def dashboard_context(user: AbstractBaseUser) -> dict:
    """What admin/hr_dashboard.html shows this user (only what their permissions let them see)."""
    if not user.has_perm("candidates.view_candidate"):
        return {"visible": False}
    data = selectors.hr_dashboard()
    per_day = data["per_day"]
    return {
        "visible": True,
        "counts": data["counts"],
        "funnel": funnel_rows(data["funnel"]),
        "funnel_height": len(data["funnel"]) * FUNNEL_ROW,
        "funnel_width": FUNNEL_WIDTH,
        "funnel_bar_max": FUNNEL_BAR_MAX,
        "per_day": per_day_bars(per_day),
        "per_day_total": sum(count for _, count in per_day),
        "per_day_width": PER_DAY_WIDTH,
        "per_day_height": PER_DAY_HEIGHT,
        "unread": list(selectors.candidates_with_unread_messages()),
        "needs_review": (
            list(selectors.attempts_needing_review()) if user.has_perm("tests_app.view_attempt") else None
        ),
        "failing": (
            list(selectors.failing_deliveries()) if user.has_perm("webhooks.view_delivery") else None
        ),
        "failing_count": (
            webhook_selectors.failing_deliveries_count() if user.has_perm("webhooks.view_delivery") else 0
        ),
        "telegram_configured": bool(settings.TELEGRAM_BOT_TOKEN),
        **_interviews(user),
        **_retention(user),
        **pipeline_context(user),
    }


def _interviews(user: AbstractBaseUser) -> dict:
    """Today's interviews and the upcoming ones (booked by candidates or scheduled by HR)."""
    if not user.has_perm("interviews.view_interview"):
        return {"interviews_today": None, "upcoming_interviews": None}
    return {
        "interviews_today": list(interview_selectors.interviews_today()),
        "upcoming_interviews": list(booking_selectors.upcoming_interviews()),
    }


def _retention(user: AbstractBaseUser) -> dict:
    """Who the retention rule anonymises at its next run (None: the rule is off)."""
    if not settings.CANDIDATE_RETENTION_DAYS:
        return {"retention_due": None}
    due = candidates_due_for_anonymisation()
    return {
        "retention_due": list(due[: selectors.ACTION_LIST_SIZE]),
        "retention_due_count": due.count(),
        "retention_days": settings.CANDIDATE_RETENTION_DAYS,
    }


def pipeline_context(user: AbstractBaseUser) -> dict:
    """The boards to open and the stage analytics, for users who may see applications."""
    if not (user.has_perm("candidates.view_application") and user.has_perm("candidates.view_vacancy")):
        return {"boards": None, "analytics": None}
    return {"boards": list(vacancies_published().only("id", "name")), "analytics": stage_analytics()}
