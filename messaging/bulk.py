"""Sending one text (a template's, edited or not) to many candidates, each with their own values."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from candidates.models import Candidate
from messaging.channels import CandidateUnreachable
from messaging.services import message_send
from messaging.templating import template_render, template_validate


@dataclass
class BulkResult:
    sent: list[Candidate] = field(default_factory=list)
    unreachable: list[Candidate] = field(default_factory=list)  # no channel to reach them
    failed: list[tuple[Candidate, str]] = field(default_factory=list)


def messages_send_bulk(
    *, candidates: list[Candidate], text: str, sent_by: AbstractBaseUser | None = None
) -> BulkResult:
    """Render `text` for each candidate and queue it through message_send; who has no channel is
    reported, not failed. The placeholders are checked once, before anything is sent."""
    template_validate(text)
    result = BulkResult()
    for candidate in candidates:
        try:
            with transaction.atomic():
                rendered = template_render(text=text, candidate=candidate)
                message_send(candidate=candidate, text=rendered, sent_by=sent_by, actor_label="bulk action")
        except CandidateUnreachable:
            result.unreachable.append(candidate)
            continue
        except ValidationError as error:
            result.failed.append((candidate, " ".join(error.messages)))
            continue
        result.sent.append(candidate)
    return result
