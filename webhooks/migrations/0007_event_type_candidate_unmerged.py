# The event type candidate_unmerged (additive).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0006_event_type_candidate_merged'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='event_type',
            field=models.CharField(choices=[('new_application', 'New application'), ('new_message', 'New message'), ('candidate_status_changed', 'Candidate status changed'), ('test_status_changed', 'Test status changed'), ('grade_shared', 'Grade shared'), ('candidate_merged', 'Candidates merged'), ('candidate_unmerged', 'Candidate merge undone'), ('ping', 'Test ping')], db_index=True, max_length=40, verbose_name='event type'),
        ),
    ]
