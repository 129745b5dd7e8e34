"""The interview buttons of the bot (`iv:ok:<id>`, `iv:move:<id>`) and the {interview_time} placeholder."""

from candidates.models import Application, Candidate
from interviews import selectors, services
from interviews.messages import local_time


def on_answer(incoming, args: list[str]) -> str | None:
    """Registered with telegram_bot.extensions: runs in the dialog's transaction and chat language."""
    if len(args) != 2 or args[0] not in ("ok", "move") or not args[1].isdigit():
        return None
    return services.interview_answer(
        interview_id=int(args[1]), telegram_user_id=incoming.user_id, confirm=args[0] == "ok"
    )


def interview_time_context(candidate: Candidate, application: Application | None) -> dict[str, str]:
    interview = selectors.next_interview(candidate=candidate)
    return {"interview_time": local_time(interview, candidate)} if interview is not None else {}
