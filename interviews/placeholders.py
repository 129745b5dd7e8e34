"""The {interview_time} placeholder of message templates (registered in InterviewsConfig.ready)."""

from candidates.models import Application, Candidate
from interviews import selectors
from interviews.messages import local_time


def interview_time_context(candidate: Candidate, application: Application | None) -> dict[str, str]:
    interview = selectors.next_interview(candidate=candidate)
    return {"interview_time": local_time(interview, candidate)} if interview is not None else {}
