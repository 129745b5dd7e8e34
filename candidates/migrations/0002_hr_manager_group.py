from django.db import migrations


class Migration(migrations.Migration):
    """Used to create the HR manager group; backoffice.0001_hr_manager_group does that now."""

    dependencies = [("candidates", "0001_initial")]

    operations = []
