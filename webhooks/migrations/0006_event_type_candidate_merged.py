# The event type candidate_merged (additive).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0005_verbose_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='event_type',
            field=models.CharField(choices=[('new_application', 'New application'), ('new_message', 'New message'), ('candidate_status_changed', 'Candidate status changed'), ('test_status_changed', 'Test status changed'), ('grade_shared', 'Grade shared'), ('candidate_merged', 'Candidates merged'), ('ping', 'Test ping')], db_index=True, max_length=40, verbose_name='event type'),
        ),
    ]
