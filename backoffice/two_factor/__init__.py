"""Two-factor login for the admin (TOTP through django-otp).

Optional for every staff account: one who sets up an authenticator app (the "Two-factor login"
link) must give a code after each password login. With ADMIN_REQUIRE_2FA=true a superuser without
a device is sent to the setup page before any admin page. The gate wraps every admin view the site
serves (`BackofficeSite.admin_view`); the login, logout and the two pages here stay reachable.
"""

from backoffice.two_factor.gate import two_factor_redirect

__all__ = ["two_factor_redirect"]
