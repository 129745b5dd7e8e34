"""The candidate page's interviews section: the candidate's interviews and "schedule an interview"."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backoffice.admin.display import validation_message
from candidates.models import Application, Candidate
from interviews import selectors as interview_selectors
from interviews import services as interview_services
from interviews.booking_messages import booking_url
from interviews.booking_services import booking_invitation_send
from interviews.models import InterviewFormat
from messaging.models import ChannelKind
from messaging.selectors import candidate_reach


class ScheduleInterviewForm(forms.Form):
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(), label=gettext_lazy("Application")
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=InterviewFormat.choices)
    location = forms.CharField(label=gettext_lazy("Video link, address or phone"), max_length=500)
    interviewers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Interviewers"), queryset=get_user_model().objects.none(), required=False
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidate: Candidate, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        applications = Application.objects.filter(candidate=candidate).select_related("vacancy")
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.vacancy.name
        self.fields["application"].initial = applications.order_by("-applied_at").first()
        self.fields["interviewers"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
        self.fields["interviewers"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class BookingInviteForm(forms.Form):
    """ "Choose a time": the candidate picks one of the interviewer's free times."""

    application = forms.ModelChoiceField(
        queryset=Application.objects.none(), label=gettext_lazy("Application")
    )
    interviewer = forms.ModelChoiceField(
        label=gettext_lazy("Interviewer"),
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("Only interviewers with working hours open for booking are listed."),
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=InterviewFormat.choices)
    location = forms.CharField(label=gettext_lazy("Video link, address or phone"), max_length=500)

    def __init__(self, *args, candidate: Candidate, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        applications = Application.objects.filter(candidate=candidate).select_related("vacancy")
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.vacancy.name
        self.fields["application"].initial = applications.order_by("-applied_at").first()
        self.fields["interviewer"].queryset = get_user_model().objects.filter(
            is_active=True, interview_schedule__accepts_bookings=True
        )
        self.fields["interviewer"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )


class CandidateInterviewsMixin:
    """Mixed into CandidateAdmin (a ModelAdmin) after CandidatePagesMixin."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = self.get_object(request, object_id)
        if candidate is not None and self.has_view_or_change_permission(request, candidate):
            extra_context = {
                **(extra_context or {}),
                "interviews": list(interview_selectors.candidate_interviews(candidate=candidate)),
                "interview_form": ScheduleInterviewForm(candidate=candidate),
                "booking_form": BookingInviteForm(candidate=candidate, auto_id="booking_%s"),
                "can_schedule_interview": request.user.has_perm("interviews.add_interview"),
                "can_send_booking": request.user.has_perm("interviews.add_bookinginvitation"),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/interviews/schedule/",
                view(require_POST(self.interview_schedule_view)),
                name="candidates_candidate_interview_schedule",
            ),
            path(
                "<path:object_id>/interviews/booking/",
                view(require_POST(self.booking_invite_view)),
                name="candidates_candidate_booking_invite",
            ),
            *super().get_urls(),
        ]

    def interview_schedule_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("interviews.add_interview"):
            raise PermissionDenied
        form = ScheduleInterviewForm(request.POST, candidate=candidate)
        if not form.is_valid():
            errors = _form_errors(form)
            self.message_user(
                request, _("The interview was not scheduled: %(errors)s") % {"errors": errors}, messages.ERROR
            )
            return self._back_to(candidate, "#interviews")
        try:
            interview_services.interview_schedule(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            self.message_user(
                request,
                _("The interview was not scheduled: %(errors)s") % {"errors": validation_message(error)},
                messages.ERROR,
            )
            return self._back_to(candidate, "#interviews")
        reach = candidate_reach(candidate=candidate)
        if reach is None:
            text = _("Interview scheduled. The candidate has no Telegram: tell them another way.")
            self.message_user(request, text, messages.WARNING)
        elif reach.kind == ChannelKind.TELEGRAM:
            self.message_user(
                request, _("Interview scheduled; the candidate is notified in Telegram."), messages.SUCCESS
            )
        else:
            text = _("Interview scheduled; the candidate is notified through %(channel)s.")
            self.message_user(request, text % {"channel": reach.get_kind_display()}, messages.SUCCESS)
        return self._back_to(candidate, "#interviews")

    def booking_invite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("interviews.add_bookinginvitation"):
            raise PermissionDenied
        form = BookingInviteForm(request.POST, candidate=candidate, auto_id="booking_%s")
        try:
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            invitation = booking_invitation_send(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            text = _("The invitation was not sent: %(errors)s")
            self.message_user(request, text % {"errors": validation_message(error)}, messages.ERROR)
            return self._back_to(candidate, "#interviews")
        link = booking_url(invitation)
        if candidate.telegram_id is None:  # the booking buttons work in Telegram only
            text = _("Invitation created. The candidate has no Telegram: send them this link: %(link)s")
            self.message_user(request, text % {"link": link}, messages.WARNING)
        else:
            text = _("The candidate is asked in Telegram to choose a time (page: %(link)s).")
            self.message_user(request, text % {"link": link}, messages.SUCCESS)
        return self._back_to(candidate, "#interviews")
