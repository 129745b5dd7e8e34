"""Shapes of the API (spec section 3). Times are ISO-8601 in UTC whatever TIME_ZONE is."""

import datetime as dt

from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.models import Application, Candidate, CandidateStatus, Vacancy
from messaging.models import Message
from messaging.services import TELEGRAM_MAX_TEXT
from tests_app.models import Attempt, ProctorEventKind, Test
from tests_app.services import MAX_EXTRA_MINUTES, MAX_INVITATION_HOURS


class UTCDateTimeField(serializers.DateTimeField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", dt.UTC)
        super().__init__(*args, **kwargs)


class Number(serializers.DecimalField):
    """Decimals as JSON numbers (the spec shows `"score": 85.0`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(coerce_to_string=False, **kwargs)


class StrictUUIDField(serializers.UUIDField):
    """Only a UUID string: DRF would turn the number 5 into 00000000-…-000000000005."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class ApiModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }

    def build_field(self, field_name, info, model_class, nested_depth):
        # The models' verbose names are the back-office's (translated) labels; the API keeps its
        # schema and its English messages independent of them.
        field_class, field_kwargs = super().build_field(field_name, info, model_class, nested_depth)
        field_kwargs.pop("label", None)
        return field_class, field_kwargs


CANDIDATE_FIELDS = (
    "id",
    "telegram_id",
    "fullname",
    "name",
    "surname",
    "email",
    "phone",
    "dob",
    "status",
    "ai_rating",
    "ai_comment",
    "cv_filename",
    "created_at",
    "updated_at",
)


class CandidateSerializer(ApiModelSerializer):
    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS
        read_only_fields = CANDIDATE_FIELDS


class CandidateApplicationSerializer(ApiModelSerializer):
    vacancy_name = serializers.CharField(source="vacancy.name")

    class Meta:
        model = Application
        fields = ("vacancy_id", "vacancy_name", "applied_at", "status", "ai_rating", "ai_comment")


class AttemptSerializer(ApiModelSerializer):
    candidate_id = serializers.UUIDField()
    test_id = serializers.UUIDField()
    test_title = serializers.CharField(source="test.title")
    score = Number(allow_null=True)
    max_score = Number(allow_null=True)
    percentage = Number(allow_null=True)

    class Meta:
        model = Attempt
        fields = (
            "id",
            "candidate_id",
            "test_id",
            "test_title",
            "status",
            "score",
            "max_score",
            "percentage",
            "passed",
            "expires_at",
            "started_at",
            "deadline",
            "submitted_at",
            "created_at",
            "updated_at",
        )


class CandidateDetailSerializer(CandidateSerializer):
    applications = CandidateApplicationSerializer(many=True)
    cv_url = serializers.SerializerMethodField()
    unread_count = serializers.IntegerField()
    latest_attempts = AttemptSerializer(many=True, help_text="The 10 most recent attempts, newest first.")

    class Meta(CandidateSerializer.Meta):
        fields = (*CANDIDATE_FIELDS, "applications", "cv_url", "unread_count", "latest_attempts")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_cv_url(self, candidate: Candidate) -> str | None:
        if not candidate.cv_file:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("onef_api:candidate-cv", kwargs={"candidate_id": candidate.pk})
        )


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices)


class StatusChangedSerializer(ApiModelSerializer):
    class Meta:
        model = Candidate
        fields = ("id", "status", "updated_at")


class MessageSerializer(ApiModelSerializer):
    candidate_id = serializers.UUIDField()

    class Meta:
        model = Message
        fields = ("id", "candidate_id", "direction", "text", "created_at", "is_read", "delivery_status")


class MessageSendSerializer(serializers.Serializer):
    candidate_id = StrictUUIDField()
    # Emptiness and length are the messaging service's rules; the bound is only for the schema.
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=TELEGRAM_MAX_TEXT)


class UnreadCountSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


class TestSerializer(ApiModelSerializer):
    pass_threshold = Number(max_digits=5, allow_null=True)
    question_count = serializers.IntegerField()
    max_points = Number()

    class Meta:
        model = Test
        fields = (
            "id",
            "title",
            "description",
            "duration_minutes",
            "pass_threshold",
            "question_count",
            "max_points",
            "created_at",
            "updated_at",
        )


class InviteSerializer(serializers.Serializer):
    candidate_id = StrictUUIDField()
    test_id = StrictUUIDField()
    expires_in_hours = serializers.IntegerField(min_value=1, max_value=MAX_INVITATION_HOURS, default=48)
    extra_minutes = serializers.IntegerField(
        min_value=0,
        max_value=MAX_EXTRA_MINUTES,
        default=0,
        help_text="Extra time for this candidate (an accommodation), added to the test's duration.",
    )


class InvitationSerializer(ApiModelSerializer):
    candidate_id = serializers.UUIDField()
    test_id = serializers.UUIDField()
    test_url = serializers.URLField()

    class Meta:
        model = Attempt
        fields = ("id", "candidate_id", "test_id", "status", "test_url", "expires_at")


class ChoiceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    is_correct = serializers.BooleanField()
    selected = serializers.BooleanField()


class QuestionResultSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    max_points = Number()
    points_awarded = Number(allow_null=True, help_text="Null while an open answer awaits review.")
    answered = serializers.BooleanField()
    answer_text = serializers.CharField(allow_blank=True)
    choices = ChoiceResultSerializer(many=True)
    reviewer_comment = serializers.CharField(allow_blank=True)


class ProctoringByKindSerializer(serializers.Serializer):
    def get_fields(self):
        return {kind: serializers.IntegerField() for kind in ProctorEventKind.values}


class ProctoringSerializer(serializers.Serializer):
    events_total = serializers.IntegerField()
    by_kind = ProctoringByKindSerializer()
    time_away_ms = serializers.IntegerField(
        help_text="Total time with the tab hidden, focus lost, or the page closed until it was opened again."
    )


class AttemptDetailSerializer(AttemptSerializer):
    questions = QuestionResultSerializer(many=True, source="question_results")
    proctoring = ProctoringSerializer()

    class Meta(AttemptSerializer.Meta):
        fields = (*AttemptSerializer.Meta.fields, "questions", "proctoring")


class VacancySerializer(ApiModelSerializer):
    class Meta:
        model = Vacancy
        fields = (
            "id",
            "name",
            "description",
            "requirements",
            "source",
            "is_published",
            "created_at",
            "updated_at",
        )


class DictionaryEntrySerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()


class FunnelSerializer(serializers.Serializer):
    registered = serializers.IntegerField()
    applied = serializers.IntegerField()
    test_started = serializers.IntegerField()
    test_completed = serializers.IntegerField()
    hired = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    candidates_total = serializers.IntegerField()
    candidates_new_today = serializers.IntegerField()
    active_vacancies = serializers.IntegerField()
    test_attempts_pending = serializers.IntegerField()
    recruitment_funnel = FunnelSerializer()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
