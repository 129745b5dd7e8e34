"""Chat: one candidate's conversation, sending a message, and the global unread count."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import Candidate
from messaging import selectors as message_selectors
from messaging.models import Message
from messaging.services import message_send, messages_mark_read
from onef_api import filters, schema
from onef_api import serializers as s
from onef_api.views.base import OnefApiView, OnefListView, api_actor_label, get_candidate, list_schema


@extend_schema_view(
    get=list_schema(
        s.MessageSerializer,
        404,
        summary="Get chat history",
        description="All messages of the candidate, oldest first. Inbound messages are marked read "
        "by this request and returned as read.",
        examples=[schema.CHAT_EXAMPLE],
    )
)
class ConversationView(OnefListView):
    serializer_class = s.MessageSerializer
    filterset_class = filters.MessageFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        candidate = get_candidate(self.kwargs["candidate_id"])
        messages_mark_read(candidate=candidate)
        return message_selectors.conversation(candidate=candidate)


@extend_schema_view(
    post=extend_schema(
        summary="Send message",
        description="Stores the outbound message (delivery queued) and hands it to the sender of the "
        "candidate's channel: their preferred one, else Telegram, MAX, then e-mail (with consent). "
        "409 when the candidate has no channel to reach them.",
        responses=schema.with_errors({201: s.MessageSerializer}, 400, 409),
        examples=schema.SEND_EXAMPLES,
    )
)
class MessageSendView(OnefApiView):
    serializer_class = s.MessageSendSerializer

    def post(self, request: Request) -> Response:
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        candidate = Candidate.objects.filter(
            pk=payload.validated_data["candidate_id"], merged_into__isnull=True
        ).first()
        if candidate is None:
            raise exceptions.ValidationError({"candidate_id": ["No candidate with this id."]})
        message = message_send(
            candidate=candidate, text=payload.validated_data["text"], actor_label=api_actor_label(request)
        )
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="Global unread count",
        responses=schema.with_errors({200: s.UnreadCountSerializer}),
        examples=[schema.UNREAD_EXAMPLE],
    )
)
class UnreadCountView(OnefApiView):
    def get(self, request: Request) -> Response:
        return Response({"unread_count": message_selectors.unread_count()})
