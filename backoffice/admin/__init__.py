"""The HR back-office's model admins, registered on the back-office site (`admin.site`)."""

from backoffice.admin import applications, attempts, candidates, messages, tests, vacancies

__all__ = ["applications", "attempts", "candidates", "messages", "tests", "vacancies"]
