"""Who may see a vacancy's board."""

from django.http import HttpRequest


def can_view_board(request: HttpRequest) -> bool:
    user = request.user
    return user.has_perm("candidates.view_vacancy") and user.has_perm("candidates.view_application")
