"""An erased candidate's MAX link, dialog and raw updates go in the same transaction."""

from typing import Any

from django.dispatch import receiver

from candidates.signals import candidate_anonymized
from max_bot.services import max_user_erase


@receiver(candidate_anonymized, dispatch_uid="max_bot.candidate_anonymized")
def on_candidate_anonymized(*, candidate, **kwargs: Any) -> None:
    max_user_erase(candidate=candidate)
