from django.db import migrations


def create_hr_manager_group(apps, schema_editor):
    from candidates.hr_group import hr_manager_group_sync

    hr_manager_group_sync(apps=apps)


def remove_hr_manager_group(apps, schema_editor):
    from candidates.hr_group import HR_MANAGER_GROUP

    apps.get_model("auth", "Group").objects.filter(name=HR_MANAGER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tests_app", "0001_initial"),
        ("messaging", "0001_initial"),
        ("webhooks", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_hr_manager_group, remove_hr_manager_group)]
