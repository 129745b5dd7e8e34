"""The employer's connection: OAuth 2 authorisation code flow, the tokens (encrypted), one refresh
when the access token expired (then HR is told), and disconnecting."""

import datetime as dt
import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from job_boards.hh.client import HHAuthError, HHClient, HHError, Tokens
from job_boards.hh.tokens import token_decrypt, token_encrypt
from job_boards.models import ConnectionState, HHConnection
from job_boards.selectors import hh_connection
from job_boards.services.alerts import hh_alert

logger = logging.getLogger(__name__)


def hh_oauth_state_new() -> str:
    return secrets.token_urlsafe(24)


def hh_authorize_url(*, state: str) -> str:
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.HH_CLIENT_ID,
            "state": state,
            "redirect_uri": settings.HH_REDIRECT_URL,
        }
    )
    return f"{settings.HH_OAUTH_URL}/oauth/authorize?{query}"


def _token_request(form: dict) -> dict:
    """POST /oauth/token; the answer's tokens, or HHAuthError with hh's reason (never the tokens)."""
    client = HHClient()
    response = client.session.post(
        client.url(f"{settings.HH_OAUTH_URL}/oauth/token"), data=form, timeout=settings.HH_TIMEOUT_SECONDS
    )
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not body.get("access_token"):
        reason = body.get("error_description") or body.get("error") or f"HTTP {response.status_code}"
        raise HHAuthError(_("hh.ru refused the token request: %(reason)s.") % {"reason": reason})
    return body


def _store_tokens(connection: HHConnection, body: dict) -> None:
    connection.access_token = token_encrypt(body["access_token"])
    connection.refresh_token = token_encrypt(body.get("refresh_token", ""))
    expires_in = int(body.get("expires_in") or 0)
    connection.expires_at = timezone.now() + dt.timedelta(seconds=expires_in) if expires_in else None


def hh_connect(*, code: str, user: AbstractBaseUser | None) -> HHConnection:
    """Exchange the authorisation code for tokens, then read who is connected (GET /me)."""
    body = _token_request(
        {
            "grant_type": "authorization_code",
            "client_id": settings.HH_CLIENT_ID,
            "client_secret": settings.HH_CLIENT_SECRET,
            "redirect_uri": settings.HH_REDIRECT_URL,
            "code": code,
        }
    )
    me = HHClient(tokens=Tokens(access=lambda: body["access_token"], refresh=_no_refresh)).get("/me")
    employer = me.get("employer") or {}
    with transaction.atomic():
        connection = HHConnection.objects.select_for_update().get(pk=hh_connection().pk)
        _store_tokens(connection, body)
        connection.state, connection.last_error, connection.connected_by = ConnectionState.CONNECTED, "", user
        connection.employer_id, connection.employer_name = (
            str(employer.get("id", "")),
            employer.get("name", ""),
        )
        names = (me.get("first_name", ""), me.get("last_name", ""))
        connection.manager_name = " ".join(n for n in names if n)[:255]
        connection.refreshed_at = timezone.now()
        connection.save()
    return connection


def _no_refresh() -> str:
    raise HHAuthError(_("hh.ru refused a token it has just issued."))


def _token_failed(connection: HHConnection, error: HHError) -> None:
    HHConnection.objects.filter(pk=connection.pk).update(
        state=ConnectionState.TOKEN_FAILED, last_error=error.message[:500], updated_at=timezone.now()
    )
    hh_alert(
        text_for=lambda: (
            _("hh.ru: the connection stopped working (%(error)s). Connect again.") % {"error": error.message}
        )
    )


def hh_token_refresh(*, used: str) -> str:
    """A new access token for the one that expired (`used`). Once: a refresh token works once, so the
    row is locked and a token another worker has refreshed already is reused. A failed refresh marks
    the connection and tells HR (HHAuthError)."""
    with transaction.atomic():
        connection = HHConnection.objects.select_for_update().get(pk=hh_connection().pk)
        current = token_decrypt(connection.access_token)
        if current and current != used:
            return current
        refresh = token_decrypt(connection.refresh_token)
        try:
            if connection.state != ConnectionState.CONNECTED or not refresh:
                raise HHAuthError(_("hh.ru is not connected."))
            body = _token_request({"grant_type": "refresh_token", "refresh_token": refresh})
        except HHError as error:
            failed = error
        else:
            _store_tokens(connection, body)
            connection.refreshed_at, connection.last_error = timezone.now(), ""
            connection.save()
            return body["access_token"]
    _token_failed(connection, failed)
    raise failed


def hh_tokens() -> Tokens:
    """The tokens of the connection; raises HHAuthError when it is not usable."""
    connection = hh_connection()
    if connection.state != ConnectionState.CONNECTED:
        raise HHAuthError(_("hh.ru is not connected."))
    state = {"token": token_decrypt(connection.access_token)}
    if not state["token"]:
        raise HHAuthError(
            _("The stored hh.ru token cannot be read (was SECRET_KEY changed?). Connect again.")
        )

    def access() -> str:
        # No refresh ahead of time: hh.ru takes a refresh token only once the access token has
        # expired (by its clock), so the client refreshes when hh.ru answers `token_expired`.
        return state["token"]

    def refresh() -> str:
        if state.get("done"):
            raise HHAuthError(_("hh.ru refused the refreshed token."))
        state["done"] = True  # once per client: a second expiry in a row is a failure
        state["token"] = hh_token_refresh(used=state["token"])
        return state["token"]

    return Tokens(access=access, refresh=refresh, refused=lambda error: _token_failed(connection, error))


def hh_client() -> HHClient:
    return HHClient(tokens=hh_tokens())


def hh_disconnect(*, user: AbstractBaseUser | None = None) -> HHConnection:
    """Invalidate the token at hh.ru (best effort: a dead token is fine) and forget it here."""
    connection = hh_connection()
    if connection.state == ConnectionState.CONNECTED:
        try:
            hh_client().request("DELETE", "/oauth/token")
        except HHError as error:
            logger.info("hh.ru token invalidation failed on disconnect: %s", error.message)
    HHConnection.objects.filter(pk=connection.pk).update(
        state=ConnectionState.DISCONNECTED,
        access_token="",
        refresh_token="",
        expires_at=None,
        last_error="",
        webhook_subscription_id="",
        updated_at=timezone.now(),
    )
    connection.refresh_from_db()
    return connection
