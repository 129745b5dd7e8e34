"""The screening listens to the candidates' services: a new application, or a new CV for one, is
analysed by a task queued once the change commits."""

from django.db import transaction
from django.dispatch import receiver

from candidates.screening.tasks import screen_application, screen_application_again
from candidates.signals import application_created, application_cv_replaced


@receiver(application_created, dispatch_uid="candidates.screening.new_application")
def _screen_new_application(sender, *, application, **kwargs) -> None:
    transaction.on_commit(lambda: screen_application.delay(application.id), robust=True)


@receiver(application_cv_replaced, dispatch_uid="candidates.screening.new_cv")
def _screen_again_with_the_new_cv(sender, *, application, **kwargs) -> None:
    transaction.on_commit(lambda: screen_application_again.delay(application.pk), robust=True)
