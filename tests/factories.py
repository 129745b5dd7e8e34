"""factory-boy factories for every model, shared by the whole test suite."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.models import AIAnalysis, Application, Candidate, Grade, Vacancy
from messaging.models import DeliveryStatus, Message, MessageDirection
from tests_app.models import Answer, Attempt, Choice, ProctorEvent, Question, QuestionKind, Test
from webhooks.models import Delivery, DeliveryAttempt, Endpoint, Event


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("password")
    is_staff = True


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("first_name")
    surname = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    phone = factory.Sequence(lambda n: f"+4915100{n:06d}")
    dob = dt.date(1990, 1, 1)
    telegram_id = factory.Sequence(lambda n: 100_000_000 + n)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    name = factory.Sequence(lambda n: f"Backend Developer {n}")
    description = "Build and run our Python services."
    requirements = "Python, Django, PostgreSQL, 3+ years of experience"
    is_published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    vacancy = factory.SubFactory(VacancyFactory)
    applied_at = factory.LazyFunction(timezone.now)
    # An application starts where its candidate stands (as the data migration did for old rows).
    status = factory.LazyAttribute(lambda o: o.candidate.status)
    ai_rating = factory.LazyAttribute(lambda o: o.candidate.ai_rating)
    ai_comment = factory.LazyAttribute(lambda o: o.candidate.ai_comment)
    cv_file = factory.LazyAttribute(lambda o: o.candidate.cv_file.name)
    cv_filename = factory.LazyAttribute(lambda o: o.candidate.cv_filename)
    cv_text = factory.LazyAttribute(lambda o: o.candidate.cv_text)


class AIAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AIAnalysis

    candidate = factory.SubFactory(CandidateFactory)
    backend = "local"
    rating = 70
    comment = "Matched: Python."


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade

    candidate = factory.SubFactory(CandidateFactory)
    value = 90


class TestFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = Test

    title = factory.Sequence(lambda n: f"Python test {n}")
    duration_minutes = 30
    pass_threshold = Decimal("60")
    is_active = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    test = factory.SubFactory(TestFactory)
    kind = QuestionKind.SINGLE_CHOICE
    text = factory.Sequence(lambda n: f"Question {n}?")
    points = Decimal("1")
    order = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False
    order = factory.Sequence(lambda n: n)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    candidate = factory.SubFactory(CandidateFactory)
    test = factory.SubFactory(TestFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=48))


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)


class ProctorEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProctorEvent

    attempt = factory.SubFactory(AttemptFactory)
    kind = "tab_hidden"
    occurred_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    candidate = factory.SubFactory(CandidateFactory)
    direction = MessageDirection.INBOUND
    text = "Hello, I have a question about the test."
    telegram_chat_id = factory.LazyAttribute(lambda m: m.candidate.telegram_id)
    telegram_message_id = factory.Sequence(lambda n: n + 1)


class OutboundMessageFactory(MessageFactory):
    direction = MessageDirection.OUTBOUND
    is_read = True
    delivery_status = DeliveryStatus.QUEUED
    telegram_message_id = None


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    name = factory.Sequence(lambda n: f"Endpoint {n}")
    url = "http://127.0.0.1:9/hook"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    event_type = "new_message"
    payload = factory.LazyAttribute(lambda e: {"requestBody": {"event_type": e.event_type}})


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    event = factory.SubFactory(EventFactory)
    endpoint = factory.SubFactory(EndpointFactory)


class DeliveryAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryAttempt

    delivery = factory.SubFactory(DeliveryFactory)
    number = factory.Sequence(lambda n: n + 1)
