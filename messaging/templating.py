"""Message templates: which placeholders a text may use, and rendering one for a real candidate.

The values come from context providers: messaging knows the candidate, the vacancy and the company;
apps above it (tests_app: {test_url}, interviews: {interview_time}) register a provider at start-up,
so the template code never imports them.
"""

import string
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from candidates.models import Application, Candidate
from candidates.selectors import candidate_current_application
from core.languages import language_or_default
from messaging.models import MessageTemplate

PLACEHOLDERS = ("first_name", "vacancy", "test_url", "interview_time", "company")

# provider(candidate, application) -> {placeholder: value}; only the keys it knows.
ContextProvider = Callable[[Candidate, Application | None], dict[str, str]]
_providers: list[ContextProvider] = []


def register_context_provider(provider: ContextProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def template_validate(text: str) -> str:
    """The text, when it uses only known placeholders; else a ValidationError naming the bad ones."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            _("The text has an unmatched “{” or “}”: write placeholders as {first_name}.")
        ) from None
    unknown = []
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            unknown.append(
                "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Allowed: %(allowed)s.")
            % {
                "unknown": ", ".join(unknown),
                "allowed": " ".join("{" + p + "}" for p in PLACEHOLDERS),
            }
        )
    return text


def template_context(*, candidate: Candidate, application: Application | None = None) -> dict[str, str]:
    application = application or candidate_current_application(candidate=candidate)
    context = {name: "" for name in PLACEHOLDERS}
    context.update(
        first_name=candidate.name,
        vacancy=application.vacancy.name if application is not None else "",
        company=settings.COMPANY_NAME,
    )
    for provider in _providers:
        context.update({k: v for k, v in provider(candidate, application).items() if k in PLACEHOLDERS})
    return context


def template_render(*, text: str, candidate: Candidate, application: Application | None = None) -> str:
    template_validate(text)
    return text.format_map(template_context(candidate=candidate, application=application))


def template_for(*, name: str, language: str) -> MessageTemplate | None:
    """The template of that name in `language`, else in any other language it exists in."""
    rows = {t.language: t for t in MessageTemplate.objects.filter(name=name)}
    return rows.get(language_or_default(language)) or next(iter(rows.values()), None)


def template_render_for(
    *, name: str, candidate: Candidate, application: Application | None = None
) -> str | None:
    """The named template rendered in the candidate's language (None when it does not exist)."""
    template = template_for(name=name, language=candidate.language)
    if template is None:
        return None
    return template_render(text=template.text, candidate=candidate, application=application)
