"""The careers page's application form: the same rules as the bot's (phone in E.164, CV type and size)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.applicant_age import MAX_AGE, MIN_AGE, age_allowed
from candidates.phones import INVALID_PHONE, InvalidPhone, phone_to_e164
from candidates.services import CV_EXTENSIONS, cv_check, cv_max_mb


class ApplyForm(forms.Form):
    name = forms.CharField(label=_("First name"), max_length=150)
    surname = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, help_text=_("With the country code, e.g. +7 916 765-43-21.")
    )
    dob = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    cv = forms.FileField(label=_("CV"))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above."),
        error_messages={"required": _("Please accept the data-processing policy to apply.")},
    )
    # The honeypot: hidden from people (and from screen readers); bots fill every field they see.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = _("PDF, DOCX or TXT, at most %(max_mb)s MB.") % {"max_mb": cv_max_mb()}
        self.fields["cv"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in CV_EXTENSIONS)
        autocomplete = {
            "name": "given-name",
            "surname": "family-name",
            "email": "email",
            "phone": "tel",
            "dob": "bday",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self._point_at_descriptions()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def _post_clean(self) -> None:
        super()._post_clean()
        self._point_at_descriptions()

    def _point_at_descriptions(self) -> None:
        """Each field points assistive technology at what describes it: the consent at the policy,
        a field at its help, and a field in error says so and points at its message (WCAG 3.3.1)."""
        errors = self._errors or {}  # None before validation; reading `errors` would validate
        for name, field in self.fields.items():
            described = ["policy"] if name == "consent" else []
            if field.help_text:
                described.append(f"id_{name}-help")
            if name in errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"id_{name}-error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_surname(self) -> str:
        return self.cleaned_data["surname"].strip()

    def clean_phone(self) -> str:
        try:
            return phone_to_e164(self.cleaned_data["phone"])
        except InvalidPhone:
            raise forms.ValidationError(INVALID_PHONE) from None

    def clean_dob(self):
        dob = self.cleaned_data["dob"]
        if not age_allowed(dob, timezone.localdate()):
            raise forms.ValidationError(
                _("Please check the date of birth: applicants must be %(min)s to %(max)s years old.")
                % {"min": MIN_AGE, "max": MAX_AGE}
            )
        return dob

    def clean_cv(self):
        cv = self.cleaned_data["cv"]
        cv_check(name=cv.name, size=cv.size)
        return cv
