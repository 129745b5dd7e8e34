"""Reads for the candidate's test page under /t/<token>/: the attempt, its clock, its questions."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from tests_app.models import Attempt, AttemptStatus

# The statuses a candidate sees as they are; the others (the result) read "submitted".
PUBLIC_STATUSES = frozenset(
    {AttemptStatus.PENDING, AttemptStatus.IN_PROGRESS, AttemptStatus.TIMEOUT, AttemptStatus.ESCAPED}
)


def attempt_get_by_token(*, token: str) -> Attempt | None:
    return Attempt.objects.select_related("test", "candidate").filter(token=token).first() if token else None


def attempt_remaining_seconds(*, attempt: Attempt, now: dt.datetime | None = None) -> int:
    if attempt.is_finished:
        return 0
    if attempt.deadline is None:
        return attempt.total_minutes * 60
    remaining = (attempt.deadline - (now or timezone.now())).total_seconds()
    return max(0, int(remaining))


def attempt_public_status(*, attempt: Attempt) -> str:
    """The status as the candidate may see it: the result (passed/failed) stays with HR."""
    return attempt.status if attempt.status in PUBLIC_STATUSES else "submitted"


@dataclass(frozen=True)
class PageChoice:
    id: int
    text: str
    selected: bool


@dataclass(frozen=True)
class PageQuestion:
    """A question as the candidate sees it: no correct flags, no points per choice."""

    id: int
    number: int
    kind: str
    text: str
    points: str
    choices: list[PageChoice] = field(default_factory=list)
    answer_text: str = ""


def attempt_page_questions(*, attempt: Attempt) -> list[PageQuestion]:
    """The questions in the attempt's order, with the candidate's own saved answers filled in."""
    questions = {q.id: q for q in attempt.test.questions.prefetch_related("choices")}
    order = [qid for qid in attempt.question_order if qid in questions]
    order += [qid for qid in questions if qid not in order]  # questions added after the start
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    page = []
    for number, qid in enumerate(order, start=1):
        question, answer = questions[qid], answers.get(qid)
        selected = {c.id for c in answer.selected_choices.all()} if answer else set()
        choices = list(question.choices.all())
        if attempt.test.shuffle_choices:
            # Seeded per attempt and question: the order survives a reload.
            random.Random(f"{attempt.pk}:{qid}").shuffle(choices)
        page.append(
            PageQuestion(
                id=qid,
                number=number,
                kind=question.kind,
                text=question.text,
                points=f"{question.points.normalize():f}",
                choices=[PageChoice(c.id, c.text, c.id in selected) for c in choices],
                answer_text=answer.text if answer else "",
            )
        )
    return page
