"""The hh.ru set-up page of the back-office: connect (OAuth, state checked), the connected employer and
the token's state, disconnect, the webhook subscription, linked vacancies (link by id, publish, import
now, archive) and the stage changes hh.ru did not take (retry). Thin: every change is a service."""

import hmac

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Vacancy
from job_boards import selectors
from job_boards.hh.client import HHError
from job_boards.models import ActionState, ConnectionState, HHAction, HHVacancy
from job_boards.services import actions, connection, notifications, vacancies
from job_boards.tasks import import_vacancy

SESSION_STATE = "hh_oauth_state"


class LinkForm(forms.Form):
    vacancy = forms.ModelChoiceField(queryset=Vacancy.objects.order_by("name"), label=gettext_lazy("Vacancy"))
    hh_vacancy_id = forms.CharField(max_length=20, label=gettext_lazy("hh.ru vacancy ID"))


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("candidates.change_vacancy"):
        raise PermissionDenied


def _page() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:hh-setup"))


def setup_view(site, request: HttpRequest) -> HttpResponse:
    _allowed(request)
    link_form = LinkForm(initial={"vacancy": request.GET.get("vacancy")})
    return _render(site, request, link_form)


def _render(site, request: HttpRequest, link_form: LinkForm) -> HttpResponse:
    current = selectors.hh_connection()
    context = {
        **site.each_context(request),
        "title": _("hh.ru"),
        "enabled": settings.HH_ENABLED,
        "connection": current,
        "connected": current.state == ConnectionState.CONNECTED,
        "webhook_ready": bool(settings.HH_WEBHOOK_SECRET),
        "links": selectors.hh_links(),
        "failed_actions": selectors.hh_actions_failed()[:50],
        "link_form": link_form,
        "redirect_url": settings.HH_REDIRECT_URL,
    }
    if current.state == ConnectionState.CONNECTED:
        context["subscriptions"], context["subscriptions_error"], context["missing_kinds"] = _subscriptions()
    response = TemplateResponse(request, "admin/hh/setup.html", context)
    # "Connect" posts here and is redirected on to hh.ru's authorisation page: CSP's form-action
    # covers the redirects of a form, so this page lets forms lead to hh.ru's OAuth host.
    response._csp_update = {"form-action": [settings.HH_OAUTH_URL]}
    return response


def _subscriptions() -> tuple[list[dict], str, list[str]]:
    """What hh.ru says we are subscribed to (GET /webhook/subscriptions), our secret masked, and the
    kinds our subscription lacks; or the error."""
    secret = settings.HH_WEBHOOK_SECRET
    try:
        items = notifications.hh_subscriptions()
    except HHError as error:
        return [], error.message, []
    missing = notifications.hh_subscription_missing(items=items)
    return (
        [
            {
                "id": item.get("id", ""),
                "url": str(item.get("url", "")).replace(secret, "…") if secret else item.get("url", ""),
                "actions": ", ".join(str((a or {}).get("type", "")) for a in item.get("actions") or []),
            }
            for item in items
            if isinstance(item, dict)
        ],
        "",
        missing,
    )


def _post_only(view):
    def wrapped(site, request: HttpRequest, *args) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        _allowed(request)
        if not settings.HH_ENABLED:
            messages.error(
                request, _("The hh.ru integration is off: set HH_CLIENT_ID and the other HH_ variables.")
            )
            return _page()
        try:
            return view(site, request, *args)
        except HHError as error:
            messages.error(request, error.message)
            return _page()

    return wrapped


@_post_only
def connect_view(site, request: HttpRequest) -> HttpResponse:
    state = connection.hh_oauth_state_new()
    request.session[SESSION_STATE] = state
    return HttpResponseRedirect(connection.hh_authorize_url(state=state))


def callback_view(site, request: HttpRequest) -> HttpResponse:
    """hh.ru sends the browser back here with ?code=&state= (or ?error=)."""
    _allowed(request)
    expected = request.session.pop(SESSION_STATE, "")
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    if not expected or not hmac.compare_digest(state.encode(), expected.encode()):
        messages.error(
            request, _("The answer from hh.ru did not match this browser's request. Connect again.")
        )
    elif request.GET.get("error") or not code:
        messages.error(
            request,
            _("hh.ru did not allow the connection (%(error)s).") % {"error": request.GET.get("error", "")},
        )
    else:
        try:
            current = connection.hh_connect(code=code, user=request.user)
        except HHError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Connected to hh.ru as %(employer)s.") % {"employer": current.employer_name}
            )
    return _page()


@_post_only
def disconnect_view(site, request: HttpRequest) -> HttpResponse:
    connection.hh_disconnect(user=request.user)
    messages.success(request, _("Disconnected from hh.ru."))
    return _page()


@_post_only
def subscribe_view(site, request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "unsubscribe":
        notifications.hh_unsubscribe()
        messages.success(request, _("hh.ru will no longer send notifications."))
    else:
        _connection, added = notifications.hh_subscribe()
        if added:
            messages.success(request, _("hh.ru will notify us of: %(kinds)s.") % {"kinds": ", ".join(added)})
        else:
            messages.success(request, _("The subscription already has every kind of notification."))
    return _page()


@_post_only
def link_view(site, request: HttpRequest) -> HttpResponse:
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _render(site, request, form)
    link = vacancies.hh_vacancy_link(
        vacancy=form.cleaned_data["vacancy"], hh_vacancy_id=form.cleaned_data["hh_vacancy_id"]
    )
    transaction.on_commit(lambda: import_vacancy.delay(link.pk), robust=True)
    messages.success(
        request,
        _("Linked to hh.ru vacancy %(id)s; its responses are being imported.") % {"id": link.hh_vacancy_id},
    )
    return _page()


@_post_only
def vacancy_action_view(site, request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(HHVacancy.objects.select_related("vacancy"), pk=link_id)
    action = request.POST.get("action")
    if action == "import":
        transaction.on_commit(lambda: import_vacancy.delay(link.pk), robust=True)
        messages.success(request, _("The responses are being imported."))
    elif action == "publish_draft":
        vacancies.hh_draft_publish(link=link)  # hh's refusal: its reasons in the error message
        messages.success(request, _("The draft is published on hh.ru."))
    elif action == "archive":
        vacancies.hh_vacancy_archive(link=link)
        messages.success(request, _("The vacancy is archived on hh.ru."))
    elif action == "unlink":
        vacancies.hh_vacancy_unlink(vacancy=link.vacancy)
        messages.success(request, _("The vacancy is no longer linked to hh.ru."))
    return _page()


@_post_only
def retry_view(site, request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(HHAction, pk=action_id, state=ActionState.FAILED)
    actions.hh_action_retry(action=action)
    messages.success(request, _("The action will be sent to hh.ru again."))
    back = request.POST.get("next", "")
    return HttpResponseRedirect(back if back.startswith("/admin/") else reverse("admin:hh-setup"))


def publish_on_hh(model_admin, request: HttpRequest, queryset) -> HttpResponse | None:
    """The vacancy list's action: the publish form of the one chosen vacancy (hh's fields differ per vacancy)."""
    if not settings.HH_ENABLED:
        model_admin.message_user(request, _("The hh.ru integration is off."), messages.ERROR)
        return None
    chosen = list(queryset.values_list("pk", flat=True)[:2])
    if len(chosen) != 1:
        model_admin.message_user(request, _("Choose one vacancy to publish on hh.ru."), messages.WARNING)
        return None
    return HttpResponseRedirect(reverse("admin:hh-publish", args=[chosen[0]]))
