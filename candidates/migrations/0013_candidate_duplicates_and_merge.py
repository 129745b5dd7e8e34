import hashlib

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

# backoffice.permissions.HR_MANAGER_GROUP (a lower app's migration does not import the back-office)
HR_MANAGER_GROUP = "HR manager"
HR_PERMISSIONS = ("merge_candidate", "view_duplicatepair", "change_duplicatepair", "view_candidatemerge")


def fill_cv_text_hash(apps, schema_editor):
    Candidate = apps.get_model("candidates", "Candidate")
    batch = []
    for candidate in Candidate.objects.exclude(cv_text="").only("pk", "cv_text").iterator(chunk_size=500):
        text = candidate.cv_text.strip()
        candidate.cv_text_hash = hashlib.sha256(text.encode()).hexdigest() if text else ""
        batch.append(candidate)
        if len(batch) >= 500:
            Candidate.objects.bulk_update(batch, ["cv_text_hash"])
            batch = []
    Candidate.objects.bulk_update(batch, ["cv_text_hash"])


def grant_hr_manager(apps, schema_editor):
    """The HR manager group (when it exists already) may merge candidates and dismiss duplicates."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("candidates")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(content_type__app_label="candidates", codename__in=HR_PERMISSIONS)
    for group in Group.objects.filter(name=HR_MANAGER_GROUP):
        group.permissions.add(*wanted)


class Migration(migrations.Migration):
    """Duplicates and merges: the stub's link, the CV hash, pairs HR decides about, merge records."""

    dependencies = [
        ('candidates', '0012_application_source_phone_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CandidateMerge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated at')),
                ('moved', models.JSONField(blank=True, default=dict, verbose_name='moved rows')),
                ('filled', models.JSONField(blank=True, default=list, verbose_name='filled fields')),
                ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='undone at')),
            ],
            options={
                'verbose_name': 'candidate merge',
                'verbose_name_plural': 'candidate merges',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DuplicatePair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated at')),
                ('reason', models.CharField(choices=[('same_phone', 'Same phone'), ('same_email', 'Same email'), ('same_telegram', 'Same Telegram account'), ('name_similar_phone', 'Same name, similar phone'), ('name_similar_email', 'Same name, similar email'), ('same_cv', 'Same CV text')], max_length=30, verbose_name='reason')),
                ('state', models.CharField(choices=[('open', 'Open'), ('dismissed', 'Not the same person'), ('merged', 'Merged')], default='open', max_length=20, verbose_name='state')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved at')),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AlterModelOptions(
            name='candidate',
            options={'ordering': ['-created_at'], 'permissions': [('merge_candidate', 'Can merge duplicate candidates')], 'verbose_name': 'candidate', 'verbose_name_plural': 'candidates'},
        ),
        migrations.AddField(
            model_name='candidate',
            name='cv_text_hash',
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name='CV text hash'),
        ),
        migrations.AddField(
            model_name='candidate',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_stubs', to='candidates.candidate', verbose_name='merged into'),
        ),
        migrations.AlterField(
            model_name='historyentry',
            name='kind',
            field=models.CharField(choices=[('applied', 'Applied'), ('status_changed', 'Stage changed'), ('analysed', 'AI analysis'), ('grade_added', 'Grade added'), ('grade_edited', 'Grade edited'), ('grade_edited_after_sharing', 'Grade edited after sharing'), ('grade_shared', 'Grade shared'), ('invited', 'Invited to a test'), ('message_sent', 'Message sent'), ('anonymised', 'Anonymised'), ('cv_updated', 'CV updated'), ('contact_updated', 'Contact details updated'), ('interview_scheduled', 'Interview scheduled'), ('data_exported', 'Personal data exported'), ('joined_existing', 'Recognised as an existing candidate'), ('merged', 'Duplicate merged in'), ('merged_into', 'Merged into another candidate'), ('merge_undone', 'Merge undone'), ('legacy_note', 'Former audit log entry')], max_length=40, verbose_name='kind'),
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(django.db.models.functions.text.Lower('fullname'), name='candidate_fullname_ci_idx'),
        ),
        migrations.AddField(
            model_name='candidatemerge',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='merged by'),
        ),
        migrations.AddField(
            model_name='candidatemerge',
            name='kept',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='merges', to='candidates.candidate', verbose_name='kept candidate'),
        ),
        migrations.AddField(
            model_name='candidatemerge',
            name='merged',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='candidates.candidate', verbose_name='merged candidate'),
        ),
        migrations.AddField(
            model_name='candidatemerge',
            name='undone_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='undone by'),
        ),
        migrations.AddField(
            model_name='duplicatepair',
            name='first',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='candidates.candidate', verbose_name='older candidate'),
        ),
        migrations.AddField(
            model_name='duplicatepair',
            name='resolved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by'),
        ),
        migrations.AddField(
            model_name='duplicatepair',
            name='second',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='candidates.candidate', verbose_name='newer candidate'),
        ),
        migrations.AddIndex(
            model_name='candidatemerge',
            index=models.Index(fields=['merged', '-created_at'], name='merge_merged_idx'),
        ),
        migrations.AddIndex(
            model_name='duplicatepair',
            index=models.Index(fields=['state', '-created_at'], name='duplicate_state_idx'),
        ),
        migrations.AddIndex(
            model_name='duplicatepair',
            index=models.Index(fields=['second', 'state'], name='duplicate_second_idx'),
        ),
        migrations.AddConstraint(
            model_name='duplicatepair',
            constraint=models.UniqueConstraint(fields=('first', 'second'), name='duplicate_one_per_pair'),
        ),
        migrations.AddConstraint(
            model_name='duplicatepair',
            constraint=models.CheckConstraint(condition=models.Q(('first', models.F('second')), _negated=True), name='duplicate_two_people'),
        ),
        migrations.AddConstraint(
            model_name='duplicatepair',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['open', 'dismissed', 'merged'])), name='duplicate_state_valid'),
        ),
        migrations.RunPython(fill_cv_text_hash, migrations.RunPython.noop),
        migrations.RunPython(grant_hr_manager, migrations.RunPython.noop),
    ]
