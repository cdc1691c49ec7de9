"""A service's refusal reads the same everywhere: on the form's field it names, above the form,
as a message on the page, as a 400 or a 403 in the API. (That every routed viewset is a
``VisibleModelViewSet`` is checked in ``tests/test_api_viewsets.py``: the core's tests do not
import the URLs.)"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from rest_framework import status

from supervision.api.viewsets import VisibleModelViewSet
from supervision.service_errors import Outcome, call_service, exception_handler
from supervision.statemachine import TransitionNotAllowed

NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


class TargetForm(forms.Form):
    target = forms.CharField()


def page_request(**headers):
    request = RequestFactory().post("/", **headers)
    request._messages = CookieStorage(request)
    return request


def read_messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def refuse(exc: Exception):
    def action():
        raise exc
    return action


def test_an_error_naming_a_field_of_the_form_goes_on_that_field():
    request, form = page_request(), TargetForm({"target": "证人"})
    assert form.is_valid()
    done = call_service(request, refuse(ValidationError({"target": "请填写调查对象。",
                                                         "taken_on": "日期不能晚于今天。"})),
                        form=form, success="已记录。")
    assert not done and done == Outcome(False)
    assert form.errors["target"] == ["请填写调查对象。"]
    # A field the form does not have: above the form, not lost.
    assert form.non_field_errors() == ["日期不能晚于今天。"]
    assert read_messages(request) == []  # no success message either


def test_an_error_naming_no_field_and_a_wrong_state_go_above_the_form():
    request, form = page_request(), TargetForm({"target": "证人"})
    form.is_valid()
    call_service(request, refuse(ValidationError("案件已结案或终结，不能再添加办案记录。")), form=form)
    call_service(request, refuse(TransitionNotAllowed("文书在“草稿”状态下不能签发。")), form=form)
    assert form.non_field_errors() == ["案件已结案或终结，不能再添加办案记录。",
                                       "文书在“草稿”状态下不能签发。"]


def test_without_a_form_the_refusal_is_a_message_and_success_says_so():
    request = page_request()
    assert not call_service(request, refuse(ValidationError(["不能签发。", "缺少主送单位。"])))
    done = call_service(request, lambda: 42, success="已签发。")
    assert done and done.value == 42
    assert read_messages(request) == [("error", "不能签发。 缺少主送单位。"), ("success", "已签发。")]


def test_the_wrong_person_is_told_so_with_the_services_words_or_a_generic_refusal():
    request, form = page_request(), TargetForm({"target": "证人"})
    form.is_valid()
    call_service(request, refuse(PermissionDenied("您不能在此案件上办理此事项。")), form=form)
    assert form.non_field_errors() == ["您不能在此案件上办理此事项。"]
    call_service(request, refuse(PermissionDenied()))
    assert read_messages(request) == [("error", "您无权执行此操作。")]


def test_anything_but_a_refusal_is_not_swallowed():
    request = page_request()
    with pytest.raises(Http404):
        call_service(request, refuse(Http404()))
    with pytest.raises(ZeroDivisionError):
        call_service(request, lambda: 1 / 0)


def test_an_htmx_request_gets_the_same_errors_on_the_same_form():
    plain, htmx = page_request(), page_request(HTTP_HX_REQUEST="true")
    forms_ = [TargetForm({"target": "证人"}), TargetForm({"target": "证人"})]
    for request, form in zip((plain, htmx), forms_):
        form.is_valid()
        call_service(request, refuse(ValidationError({"target": "请填写调查对象。"})), form=form)
        call_service(request, refuse(PermissionDenied("不行。")))
    assert forms_[0].errors == forms_[1].errors
    assert read_messages(plain) == read_messages(htmx) == [("error", "不行。")]


def test_a_page_re_renders_its_form_with_the_services_field_error_for_htmx_too(world):
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(accepted_on=datetime.date(2026, 9, 1))
        client = Client()
        client.force_login(world.procurator)
        body = {"measure_type": "inquiry", "taken_on": "2026-08-09", "target": "证人"}
        url = f"/cases/{case.pk}/measures/new/"
        pages = [client.post(url, body), client.post(url, body, HTTP_HX_REQUEST="true")]
    for page in pages:
        assert page.status_code == 200
        assert page.context["form"].errors["taken_on"] == ["日期不能早于受理日期（2026-09-01）。"]
    assert not case.measures.exists()


def test_the_api_answers_400_with_field_errors_403_and_404():
    invalid = exception_handler(ValidationError({"agency": "该单位不由本院监督。"}), {})
    assert invalid.status_code == status.HTTP_400_BAD_REQUEST
    assert invalid.data["errors"] == [
        {"code": "invalid", "detail": "该单位不由本院监督。", "attr": "agency"}]
    wrong_state = exception_handler(TransitionNotAllowed("不能结案。"), {})
    assert wrong_state.status_code == 400 and [e["detail"] for e in wrong_state.data["errors"]] == [
        "不能结案。"]
    denied = exception_handler(PermissionDenied("您不能在此案件上办理此事项。"), {})
    assert denied.status_code == 403
    assert denied.data["errors"][0]["detail"] == "您不能在此案件上办理此事项。"
    assert exception_handler(PermissionDenied(), {}).status_code == 403
    assert exception_handler(Http404(), {}).status_code == 404
    bug = exception_handler(ZeroDivisionError("secret"), {})  # a bug is a 500, saying only that
    assert bug.status_code == 500 and bug.data["type"] == "server_error"
    assert "secret" not in str(bug.data)


def test_the_api_answers_a_wrong_state_with_400_in_the_users_language(world):
    case = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    refused = client.post(f"/api/cases/{case.pk}/transition/", {"action": "close", "reason": "x"},
                          content_type="application/json")
    assert refused.status_code == 400
    assert "受理" in str(refused.json())


def test_a_viewset_cannot_step_around_visibility():
    with pytest.raises(TypeError, match="shape_queryset"):
        class Sidestep(VisibleModelViewSet):
            def get_queryset(self):
                return None
