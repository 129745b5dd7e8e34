"""The events feed: the webhooks already sent, read back from a cursor to catch up or reconcile.

onef_api and webhooks do not import each other: the project's urls hand this view the outbox's
feed (`feed`, and the exception it raises for a cursor older than the retention window)."""

from urllib.parse import urlencode

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from onef_api import schema
from onef_api.views.base import OnefApiView

EVENT_TYPES = [
    "new_application",
    "new_message",
    "candidate_status_changed",
    "test_status_changed",
    "grade_shared",
    "ping",
]
MAX_LIMIT = 500


class EventQuerySerializer(serializers.Serializer):
    after = serializers.RegexField(r"^\d{1,19}$", required=False, help_text="A cursor from this feed.")
    type = serializers.CharField(required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=100)

    def validate_type(self, value: str) -> list[str]:
        types = [name.strip() for name in value.split(",") if name.strip()]
        unknown = sorted(set(types) - set(EVENT_TYPES))
        if unknown or not types:
            raise serializers.ValidationError(
                f"Unknown event type(s) {unknown}; use: {', '.join(EVENT_TYPES)}."
            )
        return types


class EventSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Opaque: pass it back as `after` to read what follows.")
    id = serializers.UUIDField(help_text="The event id, sent as the `webhook-id` header.")
    event_type = serializers.ChoiceField(choices=EVENT_TYPES)
    candidate_id = serializers.UUIDField(allow_null=True)
    candidate_sequence = serializers.IntegerField(
        allow_null=True, help_text="Sent as `webhook-candidate-sequence`: 1, 2, 3... per candidate."
    )
    occurred_at = serializers.DateTimeField(help_text="Sent as `webhook-event-time`.")
    body = serializers.DictField(help_text='The webhook body exactly as sent: `{"requestBody": {...}}`.')


class ExpiredCursorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    oldest_cursor = serializers.CharField()


@extend_schema(
    summary="Events feed",
    description="The webhooks sent (the same ids and bodies), oldest first, from the cursor `after` "
    "(from the start of the retention window without it). Follow `X-Next-Cursor` (or the `next` "
    "link) until the page is empty. Events are kept WEBHOOK_RETENTION_DAYS (30 by default); a "
    "cursor older than that is a 410 with the oldest cursor still valid. A cursor never skips or "
    "repeats an event, even while events are being written.",
    parameters=[
        OpenApiParameter("after", str, description="A `cursor` (or `X-Next-Cursor`) from this feed."),
        OpenApiParameter("type", str, description=f"Comma-separated event types: {', '.join(EVENT_TYPES)}."),
        OpenApiParameter("limit", int, description=f"1..{MAX_LIMIT}, 100 by default."),
    ],
    responses=schema.with_errors(
        {
            200: OpenApiResponse(EventSerializer(many=True)),
            410: OpenApiResponse(
                ExpiredCursorSerializer, description="The cursor is older than the retention."
            ),
        },
        400,
    ),
)
class EventFeedView(OnefApiView):
    feed = None  # webhooks.services.feed.events_feed, given by recruitment.urls
    cursor_expired: type[Exception] = LookupError

    def get(self, request: Request) -> Response:
        query = EventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        after = int(params["after"]) if "after" in params else None
        try:
            page = self.feed(after=after, types=params.get("type"), limit=params["limit"])
        except self.cursor_expired as expired:
            return Response(
                {
                    "detail": "This cursor is older than the retention period: events after it were "
                    "dropped. Re-read the current state, then follow the feed from oldest_cursor.",
                    "oldest_cursor": expired.oldest_cursor,
                },
                status=status.HTTP_410_GONE,
            )
        headers = {"X-Next-Cursor": page.next_cursor}
        if page.has_more:
            following = {"after": page.next_cursor, "limit": params["limit"]}
            if "type" in request.query_params:
                following["type"] = request.query_params["type"]
            headers["Link"] = (
                f'<{request.build_absolute_uri(request.path)}?{urlencode(following)}>; rel="next"'
            )
        return Response(page.items, headers=headers)
