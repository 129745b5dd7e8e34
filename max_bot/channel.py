"""The MAX side of the dialog (`bot_dialog.channels`): its chats are `MaxChat` rows and its people are
linked to candidates by `MaxUser`."""

from bot_dialog.channels import DialogChannel
from bot_dialog.types import Incoming
from candidates.models import ApplicationSource, Candidate
from max_bot import selectors, services, texts
from max_bot.models import MaxChat
from messaging.models import CandidateChannel, ChannelKind

MAX = "max"


def _chat_lock(chat_id: int) -> MaxChat:
    return services.max_chat_lock(chat_id=chat_id)


def _candidate_of(user_id: int) -> Candidate | None:
    return selectors.candidate_by_max_user(user_id=user_id)


def _link(candidate: Candidate, user_id: int, chat_id: int) -> None:
    services.max_user_link(candidate=candidate, user_id=user_id, chat_id=chat_id)


def _message_refs(incoming: Incoming) -> dict:
    """An inbound message is the MAX channel's, told apart from a replay by its mid."""
    channel = CandidateChannel.objects.filter(kind=ChannelKind.MAX, address=str(incoming.chat_id)).first()
    return {"channel": ChannelKind.MAX, "external_id": incoming.external_id, "candidate_channel": channel}


def _interview_owner(user_id: int) -> dict:
    candidate = _candidate_of(user_id)
    return {"candidate_id": candidate.id if candidate else 0}  # 0: nobody's, never "anybody's"


def max_dialog_channel() -> DialogChannel:
    return DialogChannel(
        name=MAX,
        application_source=ApplicationSource.MAX,
        chat_lock=_chat_lock,
        chat_save=services.max_chat_save,
        chat_model=MaxChat,
        candidate_of=_candidate_of,
        candidate_created=_link,
        message_refs=_message_refs,
        interview_owner=_interview_owner,
        already_registered=texts.ALREADY_REGISTERED,
    )
