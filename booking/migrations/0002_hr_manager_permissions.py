from django.contrib.auth.management import create_permissions
from django.db import migrations

# What backoffice.permissions.HR_MANAGER_PERMISSIONS grants on the public booking links (this app may
# not import the back-office: the names are repeated here, as a data migration freezes them anyway).
GROUP = "HR manager"
CODENAMES = ["view_vacancybookinglink", "add_vacancybookinglink", "change_vacancybookinglink", "delete_vacancybookinglink"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("booking")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="booking", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    """The HR manager group may manage the vacancies' public booking links."""

    dependencies = [
        ("booking", "0001_vacancy_booking_link"),
        ("backoffice", "0002_hr_manager_group_interviews_templates"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
