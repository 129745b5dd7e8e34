"""Publishing one of our vacancies on hh.ru (employer_vacancies.md, "Публикация вакансий"): the fields
hh.ru requires, filled from the publish form (defaults from HH_DEFAULT_* settings), sent to
POST /vacancies or POST /vacancies/drafts, and hh's refusals turned into messages HR can act on, field
by field (400 `bad_json_data` with `value` = the field and `reason`) or as a whole (403 `vacancies`:
no publications bought, quota used up, a duplicate, not allowed)."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from candidates.models import Vacancy
from job_boards.hh.client import HHError
from job_boards.models import HHVacancy, LinkState
from job_boards.services.connection import hh_client


@dataclass(frozen=True)
class PublishFields:
    name: str
    description: str  # HTML, as hh.ru takes it (at least 200 characters)
    area_id: str
    professional_role_id: str
    billing_type: str
    vacancy_type: str
    employment: str
    schedule: str
    experience: str
    salary_from: int | None = None
    salary_to: int | None = None
    currency: str = "RUR"
    salary_gross: bool = False


# hh's top-level field (an error's `value`) -> the publish form's field.
FORM_FIELD = {
    "name": "name",
    "description": "description",
    "area": "area_id",
    "professional_roles": "professional_role_id",
    "billing_type": "billing_type",
    "type": "vacancy_type",
    "employment": "employment",
    "schedule": "schedule",
    "experience": "experience",
    "salary": "salary_from",
}

# errors.md, "Причины возникновения ошибок" (and `required` from employer_vacancies.md's example).
REASONS = {
    "required": _("This field is required by hh.ru."),
    "is_empty": _("hh.ru needs a value here."),
    "wrong_size": _("hh.ru does not accept this size."),
    "is_too_short": _("hh.ru finds this too short."),
    "is_too_long": _("hh.ru finds this too long."),
    "currency_code_is_invalid": _("hh.ru does not know this currency."),
    "chosen_area_is_not_a_leaf_or_not_exist": _(
        "hh.ru has no such area, or it is a region: choose a city or town."
    ),
    "email_in_description": _("hh.ru does not allow an email address in the description."),
    "vacancy_type_employer_billing_type_mismatch": _("This vacancy type does not go with the billing type."),
    "value_conflict_with_business_rules": _("hh.ru does not allow publishing with this billing type."),
}

# errors.md: 403 {"type": "vacancies", "value": ...} on publishing.
REFUSALS = {
    "not_enough_purchased_services": _(
        "The employer has not bought enough hh.ru publications of this type (billing type)."
    ),
    "quota_exceeded": _("The hh.ru manager's quota for publishing this type of vacancy is used up."),
    "duplicate": _(
        "hh.ru already has a similar vacancy of this employer. To publish anyway, tick “Publish even if "
        "hh.ru finds a similar vacancy”."
    ),
    "creation_forbidden": _("This hh.ru manager may not publish vacancies."),
}


class HHPublishError(HHError):
    """hh.ru refused the vacancy. `field_errors` maps the form's fields to messages; `message` says it all."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]], status: int) -> None:
        super().__init__(message, status=status)
        self.field_errors = field_errors


def _reason(error: dict) -> str:
    reason, description = str(error.get("reason") or ""), str(error.get("description") or "")
    text = str(REASONS[reason]) if reason in REASONS else ""
    if text and description:
        return gettext("%(reason)s (hh.ru: %(description)s)") % {"reason": text, "description": description}
    return text or description or reason or gettext("hh.ru refused this value.")


def hh_publish_error(error: HHError) -> HHError:
    """hh's refusal of a vacancy as a message for HR (field by field when hh names the fields)."""
    if error.status == 400 and error.errors:
        field_errors: dict[str, list[str]] = {}
        lines = []
        for item in error.errors:
            field, text = str(item.get("value") or ""), _reason(item)
            field_errors.setdefault(FORM_FIELD.get(field, ""), []).append(text)
            lines.append(f"{field}: {text}" if field else text)
        message = gettext("The vacancy was not accepted by hh.ru: %(errors)s") % {"errors": " ".join(lines)}
        return HHPublishError(message, field_errors=field_errors, status=400)
    if error.status == 403 and error.error_type == "vacancies":
        text = REFUSALS.get(error.value)
        message = str(text) if text else error.message
        return HHPublishError(message, field_errors={"": [message]}, status=403)
    return error


def hh_publish_initial(*, vacancy: Vacancy) -> dict:
    """The publish form's first values: our vacancy's name and text, and hh's dictionaries' defaults."""
    paragraphs = [p for p in (vacancy.description, vacancy.requirements) if p.strip()]
    return {
        "name": vacancy.name,
        "description": "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
        "area_id": settings.HH_DEFAULT_AREA_ID,
        "professional_role_id": settings.HH_DEFAULT_PROFESSIONAL_ROLE_ID,
        "billing_type": settings.HH_DEFAULT_BILLING_TYPE,
        "vacancy_type": settings.HH_DEFAULT_VACANCY_TYPE,
        "employment": settings.HH_DEFAULT_EMPLOYMENT,
        "schedule": settings.HH_DEFAULT_SCHEDULE,
        "experience": settings.HH_DEFAULT_EXPERIENCE,
        "currency": settings.HH_DEFAULT_CURRENCY,
    }


def hh_publish_body(fields: PublishFields) -> dict:
    body = {
        "name": fields.name,
        "description": fields.description,
        "area": {"id": fields.area_id},
        "professional_roles": [{"id": fields.professional_role_id}],
        "billing_type": {"id": fields.billing_type},
        "type": {"id": fields.vacancy_type},
        "employment": {"id": fields.employment},
        "schedule": {"id": fields.schedule},
        "experience": {"id": fields.experience},
        "allow_messages": True,
    }
    if fields.salary_from is not None or fields.salary_to is not None:
        body["salary"] = {
            "from": fields.salary_from,
            "to": fields.salary_to,
            "currency": fields.currency,
            "gross": fields.salary_gross,
        }
    return body


def hh_vacancy_publish(
    *, vacancy: Vacancy, fields: PublishFields, draft: bool = False, ignore_duplicates: bool = False
) -> HHVacancy:
    """POST /vacancies (or /vacancies/drafts when `draft`), and link the result. hh's refusal raises
    HHPublishError (nothing is linked; the form keeps what HR typed)."""
    current = HHVacancy.objects.filter(vacancy=vacancy, state=LinkState.LINKED).first()
    if current is not None:
        raise HHError(
            _("This vacancy is already published on hh.ru as %(id)s; archive it there first.")
            % {"id": current.hh_vacancy_id}
        )
    path = "/vacancies/drafts" if draft else "/vacancies"
    params = {"ignore_duplicates": "true"} if ignore_duplicates else None
    try:
        created = hh_client().json("POST", path, json=hh_publish_body(fields), params=params)
    except HHError as error:
        raise hh_publish_error(error) from None
    new_id = str(created.get("id", ""))
    if not new_id:
        raise HHError(_("hh.ru did not return the new vacancy's ID."))
    state = (
        {"hh_draft_id": new_id, "state": LinkState.DRAFT}
        if draft
        else {"hh_vacancy_id": new_id, "state": LinkState.LINKED, "hh_draft_id": ""}
    )
    link, _created = HHVacancy.objects.update_or_create(
        vacancy=vacancy, defaults={**state, "last_error": "", "published_with": asdict(fields)}
    )
    return link
