"""Forms of the candidate page and the intermediate pages of bulk actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from candidates.models import Application
from messaging import services as messaging_services
from messaging.models import ChannelKind
from tests_app import services as test_services
from tests_app.models import Test


class InviteToTestForm(forms.Form):
    test = forms.ModelChoiceField(
        queryset=Test.objects.filter(is_active=True), empty_label=None, label=_("Test")
    )
    expires_in_hours = forms.IntegerField(
        min_value=1,
        max_value=test_services.MAX_INVITATION_HOURS,
        initial=48,
        label=_("Expires in (hours)"),
        help_text=_("How long the invitation link stays valid."),
    )
    extra_minutes = forms.IntegerField(
        min_value=0,
        max_value=test_services.MAX_EXTRA_MINUTES,
        initial=0,
        required=False,
        help_text="Extra time for a candidate who needs it (an accommodation), added to the test's duration.",
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=messaging_services.TELEGRAM_MAX_TEXT,
        label=_("Message"),
    )
    # Empty: the candidate's preferred channel (else Telegram, MAX, e-mail). Shown when there are several.
    channel = forms.ChoiceField(
        choices=[("", ""), *ChannelKind.choices], required=False, label=_("Send through")
    )


class GradeForm(forms.Form):
    value = forms.IntegerField(min_value=0, max_value=100, label=_("Grade"))
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Comment"))


class ApplicationAddForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["candidate", "vacancy"]

    def clean_vacancy(self):
        vacancy = self.cleaned_data["vacancy"]
        if not vacancy.is_published:
            raise ValidationError(_("This vacancy is not open for applications: publish it first."))
        return vacancy
