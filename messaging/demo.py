"""Demo conversations (inbound questions, HR replies) for `seed_demo`."""

from django.utils import timezone

from candidates.demo import demo_candidates
from messaging.default_templates import defaults_ensure
from messaging.models import DeliveryStatus, Message, MessageDirection, MessageTemplate, StatusNotification

DEMO_TEMPLATES = {
    "Test invitation": {
        "en": "Hello {first_name}! Here is your technical test for {vacancy}: {test_url} Good luck!",
        "ru": "Здравствуйте, {first_name}! Вот ваш технический тест по вакансии «{vacancy}»: {test_url} Удачи!",
    },
    "Interview reminder": {
        "en": "Hello {first_name}! A reminder: your interview with {company} is at {interview_time}.",
        "ru": "Здравствуйте, {first_name}! Напоминаем: собеседование с {company} — {interview_time}.",
    },
    "We received your CV": {
        "en": "Thank you, {first_name}! We received your CV for {vacancy} and will get back to you soon.",
        "ru": "Спасибо, {first_name}! Мы получили ваше резюме на вакансию «{vacancy}» и скоро ответим.",
    },
}

MESSAGES_IN = [
    "Hello! Is the position still open?",
    "I have a question about the test.",
    "Thank you, looking forward to hearing from you.",
]
MESSAGES_OUT = ["Hi! Yes, it is. We will review your CV shortly.", "Sure, ask away — we answer within a day."]


def seed_demo() -> str:
    defaults_ensure(MessageTemplate, StatusNotification)
    for name, texts in DEMO_TEMPLATES.items():
        for language, text in texts.items():
            MessageTemplate.objects.get_or_create(name=name, language=language, defaults={"text": text})
    now = timezone.now()
    rows: list[Message] = []
    for i, candidate in enumerate(demo_candidates()):
        if candidate.messages.exists():
            continue
        for j, text in enumerate(MESSAGES_IN[: 1 + i % 3]):
            rows.append(
                Message(
                    candidate=candidate,
                    direction=MessageDirection.INBOUND,
                    text=text,
                    is_read=i % 2 == 0,
                    telegram_chat_id=candidate.telegram_id,
                    telegram_message_id=j + 1,
                )
            )
        if i % 2 == 0:
            rows.append(
                Message(
                    candidate=candidate,
                    direction=MessageDirection.OUTBOUND,
                    text=MESSAGES_OUT[i % 2],
                    is_read=True,
                    telegram_chat_id=candidate.telegram_id,
                    delivery_status=DeliveryStatus.SENT,
                    sent_at=now,
                )
            )
    Message.objects.bulk_create(rows)
    return f"{len(rows)} new demo messages"
