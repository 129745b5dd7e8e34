from django.db import migrations

from messaging.default_templates import STATUS_NOTIFICATIONS, TEMPLATES, defaults_ensure


def create(apps, schema_editor):
    defaults_ensure(apps.get_model("messaging", "MessageTemplate"), apps.get_model("messaging", "StatusNotification"))


def remove(apps, schema_editor):
    apps.get_model("messaging", "StatusNotification").objects.filter(status__in=STATUS_NOTIFICATIONS).delete()
    apps.get_model("messaging", "MessageTemplate").objects.filter(name__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0006_message_templates_status_notifications")]

    operations = [migrations.RunPython(create, remove)]
