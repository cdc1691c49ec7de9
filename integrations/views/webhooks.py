"""The subscriber's webhook pages: the list of their subscriptions (make one — its secret
shown once —, change its events, deactivate it) and each subscription's delivery log with a
redeliver button. Someone who may not subscribe, or another's subscription: 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrations import services
from integrations.forms import SubscriptionForm
from integrations.models import WebhookDelivery
from integrations.permissions import (
    can_subscribe,
    get_delivery_for_user,
    get_subscription_for_user,
    subscriptions_visible_to,
)
from supervision.choices import Role
from supervision.pagination import paginate
from supervision.service_errors import call_service
from supervision.services.once import claim_form, record_result


def _subscriber(request: HttpRequest) -> None:
    if not can_subscribe(request.user):
        raise Http404


def _base(request: HttpRequest) -> str:
    """Liaisons reach the pages from the portal, staff from their settings."""
    return "portal" if request.user.role == Role.LIAISON else "settings"


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    _subscriber(request)
    subscriptions = list(subscriptions_visible_to(request.user).order_by("-pk"))
    return render(request, "integrations/webhook_list.html",
                  {"subscriptions": subscriptions, "area": _base(request)})


@login_required
def webhook_create(request: HttpRequest) -> HttpResponse:
    _subscriber(request)
    form = SubscriptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The form acts once: the page showing the secret reloaded (the form sent again) makes
        # no second subscription and shows no secret again.
        with transaction.atomic():
            earlier = claim_form(request)
            if earlier is not None:
                messages.info(request, _("该订阅已经创建，没有重复创建；签名密钥只显示一次，"
                                         "如未保存，请更换签名密钥。"))
                return redirect(earlier.result_url or reverse("integrations:webhooks"))
            done = call_service(request, lambda: services.subscription_create(
                actor=request.user, **form.cleaned_data), form=form)
            if done:
                record_result(request, reverse("integrations:webhooks"))
            else:
                transaction.set_rollback(True)  # the form token stays free for the correction
        if done:
            sub, secret = done.value
            # Shown in this answer only: nothing stores the plaintext where a page reads it.
            return render(request, "integrations/webhook_secret.html",
                          {"subscription": sub, "secret": secret, "area": _base(request)})
    return render(request, "integrations/webhook_form.html",
                  {"form": form, "subscription": None, "area": _base(request)})


@login_required
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _subscriber(request)
    sub = get_subscription_for_user(request.user, pk)
    initial = {"name": sub.name, "url": sub.url, "event_types": sub.event_types}
    form = SubscriptionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.subscription_update(
            actor=request.user, subscription=sub, is_active=True, **form.cleaned_data),
            form=form, success=_("订阅已保存。"))
        if done:
            return redirect("integrations:webhooks")
    return render(request, "integrations/webhook_form.html",
                  {"form": form, "subscription": sub, "area": _base(request)})


@login_required
@require_POST
def webhook_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _subscriber(request)
    sub = get_subscription_for_user(request.user, pk)
    call_service(request, lambda: services.subscription_deactivate(
        actor=request.user, subscription=sub), success=_("订阅已停用。"))
    return redirect("integrations:webhooks")


@login_required
@require_POST
def webhook_rotate_secret(request: HttpRequest, pk: int) -> HttpResponse:
    _subscriber(request)
    sub = get_subscription_for_user(request.user, pk)
    sub, secret = services.subscription_rotate_secret(actor=request.user, subscription=sub)
    return render(request, "integrations/webhook_secret.html",
                  {"subscription": sub, "secret": secret, "area": _base(request),
                   "rotated": True})


@login_required
def webhook_deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    """The delivery log of one subscription: newest first, keyset pages; each row's attempts
    folded under it (two queries for the page, whatever its length)."""
    _subscriber(request)
    sub = get_subscription_for_user(request.user, pk)
    rows = (WebhookDelivery.objects.filter(subscription=sub)
            .select_related("event", "event__recommendation")
            .prefetch_related("attempt_log"))
    page = paginate(request, rows, ordering="-pk", page_size=25)
    return render(request, "integrations/webhook_deliveries.html",
                  {"subscription": sub, "page": page, "area": _base(request)})


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    _subscriber(request)
    delivery = get_delivery_for_user(request.user, pk)
    call_service(request, lambda: services.delivery_redeliver(
        actor=request.user, delivery=delivery), success=_("已安排重新投递。"))
    return redirect("integrations:webhook-deliveries", pk=delivery.subscription_id)
