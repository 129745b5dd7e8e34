from django.contrib.auth.management import create_permissions
from django.db import migrations

REASONS = [
    ("skills", "Skills do not match", "Навыки не подходят", 10),
    ("test_failed", "Test not passed", "Тест не пройден", 20),
    ("salary", "Salary expectations", "Ожидания по зарплате", 30),
    ("withdrew", "Candidate declined", "Кандидат отказался", 40),
    ("no_response", "No response", "Нет ответа", 50),
    ("position_filled", "Position filled", "Вакансия закрыта", 60),
    ("other", "Other", "Другое", 90),
]
# As in backoffice.permissions.HR_MANAGER_PERMISSIONS (which syncs the group the same way).
HR_CODENAMES = [
    "view_automationrule",
    "add_automationrule",
    "change_automationrule",
    "delete_automationrule",
    "view_rulerun",
    "change_rulerun",
    "view_vacancyplan",
    "add_vacancyplan",
    "change_vacancyplan",
    "view_rejectionreason",
    "add_rejectionreason",
    "change_rejectionreason",
    "view_rejectionrecord",
    "view_reports",
]


def forwards(apps, schema_editor):
    RejectionReason = apps.get_model("automation", "RejectionReason")
    for code, name_en, name_ru, position in REASONS:
        RejectionReason.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_ru": name_ru, "position": position}
        )
    app_config = apps.get_app_config("automation")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="HR manager").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="automation", codename__in=HR_CODENAMES)
        )


class Migration(migrations.Migration):
    """Default rejection reasons; the HR manager group gains the rules, plans, reasons and reports."""

    dependencies = [("automation", "0001_initial"), ("backoffice", "0003_user_preference")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
