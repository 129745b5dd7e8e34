"""The unread HR notifications counter of the admin header."""

from django import template

from hr_notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def hr_unread_count(user) -> int:
    return unread_count(user=user) if user.is_authenticated and user.is_staff else 0
