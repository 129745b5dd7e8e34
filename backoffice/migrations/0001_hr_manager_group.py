from django.db import migrations


def create_hr_manager_group(apps, schema_editor):
    from backoffice.permissions import hr_manager_group_sync

    hr_manager_group_sync(apps=apps)


def remove_hr_manager_group(apps, schema_editor):
    from backoffice.permissions import HR_MANAGER_GROUP

    apps.get_model("auth", "Group").objects.filter(name=HR_MANAGER_GROUP).delete()


class Migration(migrations.Migration):
    """Creates (or, on a database where candidates.0002 made it, resets) the HR manager group."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("candidates", "0002_hr_manager_group"),
        ("tests_app", "0002_attempt_review_queue"),
        ("messaging", "0002_bot_chat_state"),
        ("webhooks", "0002_delivery_schedule_start_event_payload_purged_at"),
    ]

    operations = [migrations.RunPython(create_hr_manager_group, remove_hr_manager_group)]
