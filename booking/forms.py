from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.phones import INVALID_PHONE, InvalidPhone, phone_to_e164


class VacancyBookingForm(forms.Form):
    """A new person's details, their consent and the chosen time (a unix timestamp of a free time)."""

    name = forms.CharField(label=_("First name"), max_length=150)
    surname = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, help_text=_("With the country code, e.g. +7 916 765-43-21.")
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above."),
        error_messages={"required": _("Please accept the data-processing policy to apply.")},
    )
    slot = forms.IntegerField(
        min_value=0, max_value=10**11, error_messages={"required": _("Choose one of the free times.")}
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, value in {
            "name": "given-name",
            "surname": "family-name",
            "email": "email",
            "phone": "tel",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def clean_phone(self) -> str:
        try:
            return phone_to_e164(self.cleaned_data["phone"])
        except InvalidPhone:
            raise forms.ValidationError(INVALID_PHONE) from None
