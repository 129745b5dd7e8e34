from django.contrib.auth.management import create_permissions
from django.db import migrations

# What backoffice.permissions.HR_MANAGER_PERMISSIONS grants on the booking models (this app may not
# import the back-office: the names are repeated here, as a data migration freezes them anyway).
GROUP = "HR manager"
CODENAMES = [
    f"{action}_{model}"
    for model, actions in {
        "interviewerschedule": ("view", "add", "change", "delete"),
        "workinghours": ("view", "add", "change", "delete"),
        "busytime": ("view", "add", "change", "delete"),
        "bookinginvitation": ("view", "add", "change"),
    }.items()
    for action in actions
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("interviews")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="interviews", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    """The HR manager group may set interviewers' schedules and busy times and send booking invitations."""

    dependencies = [
        ("interviews", "0003_schedules_busy_times_booking"),
        ("backoffice", "0002_hr_manager_group_interviews_templates"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
