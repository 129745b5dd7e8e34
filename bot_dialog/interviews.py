"""The interview buttons of an invitation (`iv:ok:<id>`, `iv:move:<id>`, built by interviews.messages)."""

from bot_dialog import texts
from bot_dialog.common import channel_of, text
from bot_dialog.types import Incoming, Reply
from interviews.services import InterviewAnswer, interview_answer


def interview_button(incoming: Incoming, args: list[str]) -> list[Reply]:
    """`args` follow the prefix; a malformed button or another candidate's interview: no replies here
    (the caller says the button is out of date)."""
    if len(args) != 2 or args[0] not in ("ok", "move") or not args[1].isdigit():
        return []
    confirm = args[0] == "ok"
    owner = channel_of(incoming).interview_owner(incoming.user_id)
    answer = interview_answer(interview_id=int(args[1]), confirm=confirm, **owner)
    if answer == InterviewAnswer.NOT_THEIRS:
        return []
    if answer == InterviewAnswer.NOT_PLANNED:
        return [Reply(text(texts.INTERVIEW_NOT_PLANNED))]
    return [Reply(text(texts.INTERVIEW_CONFIRMED if confirm else texts.INTERVIEW_RESCHEDULE_ASKED))]
