from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidates and vacancies"

    def ready(self) -> None:
        from recruitment import secret_key  # noqa: F401  (registers the project's system check)
