"""The HR back-office's model admins, registered on the back-office site (`admin.site`)."""

from backoffice.admin import (
    applications,
    attempts,
    automation,
    booking,
    candidates,
    duplicates,
    hr_notifications,
    interviews,
    messages,
    templates_admin,
    tests,
    vacancies,
)

__all__ = [
    "applications",
    "attempts",
    "automation",
    "booking",
    "candidates",
    "duplicates",
    "hr_notifications",
    "interviews",
    "messages",
    "templates_admin",
    "tests",
    "vacancies",
]
