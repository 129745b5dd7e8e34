"""Who must give a second factor before the admin: `two_factor_redirect` answers for one request."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import user_has_device


def requires_setup(user, *, has_device: bool) -> bool:
    return settings.ADMIN_REQUIRE_2FA and user.is_superuser and not has_device


def requires_code(user, *, has_device: bool) -> bool:
    return not user.is_verified() and has_device


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect | None:
    """Where a signed-in staff user must go first (verify a code, or set a device up); None: go on."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return None  # the admin sends them to the login page itself
    if request.path == reverse("admin:logout"):
        return None
    has_device = user_has_device(user, confirmed=True)  # one query per admin page
    if requires_code(user, has_device=has_device):
        target = "admin:two-factor-verify"
    elif requires_setup(user, has_device=has_device):
        target = "admin:two-factor-setup"
    else:
        return None
    return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def next_url(request: HttpRequest) -> str:
    """The page the user was going to, if it is on this site; else the admin index."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")
