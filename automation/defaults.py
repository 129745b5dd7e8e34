"""The rejection reasons an installation starts with (the data migration 0002 stores the same)."""

DEFAULT_REJECTION_REASONS = [
    ("skills", "Skills do not match", "Навыки не подходят", 10),
    ("test_failed", "Test not passed", "Тест не пройден", 20),
    ("salary", "Salary expectations", "Ожидания по зарплате", 30),
    ("withdrew", "Candidate declined", "Кандидат отказался", 40),
    ("no_response", "No response", "Нет ответа", 50),
    ("position_filled", "Position filled", "Вакансия закрыта", 60),
    ("other", "Other", "Другое", 90),
]


def rejection_reasons_ensure_defaults() -> None:
    from automation.models import RejectionReason

    for code, name_en, name_ru, position in DEFAULT_REJECTION_REASONS:
        RejectionReason.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_ru": name_ru, "position": position}
        )
