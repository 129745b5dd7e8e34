from django.db import migrations


def sync_hr_manager_group(apps, schema_editor):
    from backoffice.permissions import hr_manager_group_sync

    hr_manager_group_sync(apps=apps)


class Migration(migrations.Migration):
    """The HR manager group gains interviews, scorecards, message templates and status notifications."""

    dependencies = [
        ("backoffice", "0001_hr_manager_group"),
        ("messaging", "0007_default_templates_and_status_notifications"),
        ("interviews", "0001_interview_and_scorecard"),
    ]

    operations = [migrations.RunPython(sync_hr_manager_group, migrations.RunPython.noop)]
