"""Reads of HR notifications."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from hr_notifications.models import HRNotification


def unread_count(*, user: AbstractBaseUser) -> int:
    return HRNotification.objects.filter(user=user, read_at=None).count()


def notifications_of(*, user: AbstractBaseUser) -> QuerySet[HRNotification]:
    return HRNotification.objects.filter(user=user).order_by("-created_at", "-id")
