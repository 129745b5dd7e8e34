"""Stores existing phone numbers in E.164 where they parse (PHONE_DEFAULT_REGION for numbers without a
country code); the others are left as they are, for HR to correct in the admin."""

import phonenumbers
from django.conf import settings
from django.db import migrations


def to_e164(apps, schema_editor):
    Candidate = apps.get_model("candidates", "Candidate")
    for candidate in Candidate.objects.exclude(phone="").only("id", "phone").iterator():
        try:
            number = phonenumbers.parse(candidate.phone, settings.PHONE_DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 != candidate.phone:
                Candidate.objects.filter(pk=candidate.pk).update(phone=e164)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_application_stage_rating_cv_and_history")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
