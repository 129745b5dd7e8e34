from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        # Registered here so that messaging (below this app) never imports it.
        from interviews.placeholders import interview_time_context
        from messaging.templating import register_context_provider

        register_context_provider(interview_time_context)
