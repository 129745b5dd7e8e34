"""Reads of the messaging domain."""

from django.db.models import Count, Q, QuerySet

from candidates.models import Application, Candidate, Vacancy
from messaging.models import BotChat, Message, MessageDirection

UNREAD = Q(direction=MessageDirection.INBOUND, is_read=False)


def unread_count() -> int:
    return Message.objects.filter(UNREAD).count()


def candidates_with_unread_count(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Annotate `unread_count` (inbound messages HR has not read) in the same query."""
    return queryset.annotate(
        unread_count=Count(
            "messages", filter=Q(messages__direction=MessageDirection.INBOUND, messages__is_read=False)
        )
    )


def conversation(*, candidate: Candidate) -> QuerySet[Message]:
    return Message.objects.filter(candidate=candidate).order_by("created_at", "id")


def unread_count_of(*, candidate: Candidate) -> int:
    return Message.objects.filter(UNREAD, candidate=candidate).count()


def candidate_by_telegram_id(*, telegram_id: int) -> Candidate | None:
    return Candidate.objects.filter(telegram_id=telegram_id).first()


def published_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(is_published=True).order_by("name", "id")


def candidate_applications(*, candidate: Candidate) -> QuerySet[Application]:
    return Application.objects.filter(candidate=candidate).select_related("vacancy").order_by("-applied_at")


def bot_chat(*, telegram_chat_id: int) -> BotChat | None:
    return BotChat.objects.filter(telegram_chat_id=telegram_chat_id).first()


def messages_export(*, candidate: Candidate) -> list[dict]:
    """A candidate's conversation for their data export."""
    fields = ["id", "direction", "text", "created_at", "delivery_status", "sent_at"]
    return list(Message.objects.filter(candidate=candidate).order_by("created_at", "id").values(*fields))
