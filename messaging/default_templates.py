"""The templates and status notifications every installation starts with (a data migration loads
them; `seed_demo` adds more). Texts of candidates' messages: English and Russian."""

REJECTION, INVITATION, OFFER = "Rejection", "Interview invitation", "Offer"

TEMPLATES = {
    REJECTION: {
        "en": "Hello {first_name}! Thank you for your interest in the {vacancy} position at {company}. "
        "After careful consideration we have decided not to move forward with your application. "
        "We wish you every success.",
        "ru": "Здравствуйте, {first_name}! Спасибо за интерес к вакансии «{vacancy}» в {company}. "
        "Мы внимательно рассмотрели вашу кандидатуру и, к сожалению, не готовы продолжить. "
        "Желаем вам успехов.",
    },
    INVITATION: {
        "en": "Hello {first_name}! We would like to invite you to an interview for the {vacancy} position "
        "at {company}. We will send you the time and the details shortly.",
        "ru": "Здравствуйте, {first_name}! Приглашаем вас на собеседование на вакансию «{vacancy}» в {company}. "
        "Время и подробности пришлём в ближайшее время.",
    },
    OFFER: {
        "en": "Congratulations, {first_name}! {company} is happy to offer you the {vacancy} position. "
        "We will be in touch with the details.",
        "ru": "Поздравляем, {first_name}! {company} рада предложить вам позицию «{vacancy}». "
        "Скоро свяжемся с вами и расскажем подробности.",
    },
}

# status -> (template name, enabled by default)
STATUS_NOTIFICATIONS = {
    "rejected": (REJECTION, False),
    "interview": (INVITATION, True),
    "accepted": (OFFER, True),
}


def defaults_ensure(template_model, notification_model) -> None:
    """Create the missing default rows (the model classes: real ones, or a migration's)."""
    for name, texts in TEMPLATES.items():
        for language, text in texts.items():
            template_model.objects.get_or_create(name=name, language=language, defaults={"text": text})
    for status, (template_name, enabled) in STATUS_NOTIFICATIONS.items():
        notification_model.objects.get_or_create(
            status=status, defaults={"template_name": template_name, "enabled": enabled}
        )
