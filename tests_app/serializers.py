"""The JSON bodies the test page sends (answers, proctoring events), validated before any service runs.

The page is our own script, so the fields are strict: a number must be a JSON number, text a JSON
string (DRF would otherwise accept "1" for 1 and 5 for "5").
"""

from rest_framework import serializers

from tests_app.models import PAGE_EVENT_KINDS
from tests_app.services.answers import MAX_GIVEN_AGO_MS
from tests_app.services.proctoring import MAX_DETAILS_CHARS, MAX_EVENT_MS, MAX_PROCTOR_EVENTS_PER_CALL


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Must be text."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AnswerSerializer(serializers.Serializer):
    """POST /t/<token>/answer: one question's answer (choices, or text for an open question)."""

    question_id = StrictIntegerField(error_messages={"invalid": "Must be a question id."})
    choice_ids = serializers.ListField(
        child=StrictIntegerField(),
        default=list,
        error_messages={"not_a_list": "Must be a list of choice ids."},
    )
    text = StrictCharField(default="", allow_blank=True, trim_whitespace=False)
    # How long before sending the candidate gave the answer (kept by the page while offline).
    given_ago_ms = StrictIntegerField(default=0, min_value=0, max_value=MAX_GIVEN_AGO_MS)


class ProctorEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=sorted(PAGE_EVENT_KINDS),
        error_messages={"invalid_choice": f"Each event needs a kind out of {sorted(PAGE_EVENT_KINDS)}."},
    )
    ago_ms = StrictIntegerField(default=0, min_value=0, max_value=MAX_EVENT_MS)
    duration_ms = StrictIntegerField(default=None, allow_null=True, min_value=0, max_value=MAX_EVENT_MS)
    details = serializers.JSONField(default=dict, allow_null=True)

    def validate_details(self, details: object) -> dict:
        details = details or {}  # the page may send null or nothing
        if not isinstance(details, dict) or len(str(details)) > MAX_DETAILS_CHARS:
            raise serializers.ValidationError("Must be a small object.")
        return details


class ProctorEventsSerializer(serializers.Serializer):
    """POST /t/<token>/events: a batch of events, each with how long ago it happened."""

    events = ProctorEventSerializer(
        many=True,
        default=list,
        max_length=MAX_PROCTOR_EVENTS_PER_CALL,
        error_messages={
            "not_a_list": f"Send a list of at most {MAX_PROCTOR_EVENTS_PER_CALL} events.",
            "max_length": f"Send a list of at most {MAX_PROCTOR_EVENTS_PER_CALL} events.",
        },
    )
