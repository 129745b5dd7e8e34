"""Applications keep the way they came in. Existing ones get it from the actor of their "applied"
history entry, as the dashboard used to guess it: the bot, the careers page, an API key, an HR user;
the rest stay "other". Candidates are found by phone (one person, one candidate): an index."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def source_from_history(apps, schema_editor):
    Application = apps.get_model("candidates", "Application")
    applied = Q(history__kind="applied")
    rules = [
        ("telegram", applied & Q(history__actor_label="bot")),
        ("careers", applied & Q(history__actor_label="careers page")),
        ("api", applied & Q(history__actor_label__startswith="API key")),
        ("backoffice", applied & Q(history__actor__isnull=False)),
    ]
    for source, condition in rules:
        Application.objects.filter(condition, source="other").update(source=source)


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0011_history_from_audit_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='source',
            field=models.CharField(choices=[('telegram', 'Telegram bot'), ('careers', 'Careers page'), ('api', '1F API'), ('backoffice', 'Back-office'), ('hh', 'hh.ru'), ('max', 'MAX'), ('email', 'E-mail'), ('other', 'Other')], default='other', max_length=20, verbose_name='source'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['vacancy', 'source'], name='application_vacancy_source_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['source', 'applied_at'], name='application_source_idx'),
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(fields=['phone'], name='candidate_phone_idx'),
        ),
        migrations.RunPython(source_from_history, migrations.RunPython.noop),
    ]
