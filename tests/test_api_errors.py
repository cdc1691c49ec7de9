"""One error shape for every API error (issue 17): ``{"type", "errors": [{"code", "detail",
"attr"}]}`` (drf-standardized-errors through ``supervision.service_errors``), 409s with their
``extra``; the detail in the requester's language — Chinese without ``Accept-Language``,
English with ``Accept-Language: en`` — whether the request has a session or a token."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import include, path
from rest_framework.views import APIView

from cases.models import SupervisionCase
from supervision.models import ApiTokenScope
from supervision.service_errors import exception_handler
from supervision.services.api_tokens import api_token_create
from tests.two_factor import authenticator, password_only_login

CJK = re.compile(r"[\u4e00-\u9fff]")


class _Boom(APIView):
    def get(self, request):
        raise RuntimeError("secret-detail-xyz: the database password is hunter2")


def _middleware_boom(request):
    raise RuntimeError("secret-detail-xyz outside DRF")


# A test URLconf: the project's, with an API view that fails and a plain view under /api/
# that fails outside DRF (as a middleware would), answered by handler500.
urlpatterns = [
    path("api/boom/", _Boom.as_view()),
    path("api/plain-boom/", _middleware_boom),
    path("", include("config.urls")),
]
handler500 = "supervision.service_errors.server_error"


def shape(response, status: int, code: str, *, attr: str | None = None,
          type_: str = "client_error", extra: bool = False) -> dict:
    """The body is the one shape, with an error of ``code`` on ``attr``; returns it."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == ({"type", "errors", "extra"} if extra else {"type", "errors"}), body
    assert body["type"] == type_
    assert body["errors"] and all(set(e) == {"code", "detail", "attr"} for e in body["errors"])
    assert all(isinstance(e["detail"], str) and e["detail"] for e in body["errors"])
    assert any(e["code"] == code and e["attr"] == attr for e in body["errors"]), body
    return body


def chinese(body: dict) -> bool:
    return all(CJK.search(e["detail"]) for e in body["errors"])


def english(body: dict) -> bool:
    return not any(CJK.search(e["detail"]) for e in body["errors"])


def both(world, persona: str = "procurator") -> tuple[Client, Client]:
    """A session of ``persona`` without Accept-Language, and one asking for English."""
    zh, en = Client(), Client(HTTP_ACCEPT_LANGUAGE="en")
    for client in (zh, en):
        client.force_login(getattr(world, persona))
    return zh, en


def case_body(world, **changes) -> dict:
    return {"matter": world.matter.pk, "agency": world.court.pk, "title": "接口错误",
            "summary": "案情", "confirm_duplicate": True, **changes}


def test_a_field_error_names_the_field_nested_fields_dotted(world):
    for client, language in zip(both(world), (chinese, english)):
        bad = client.post("/api/cases/", case_body(world, title="", parties=[
            {"name": "李某"}, {"name": "x" * 101, "kind": "robot"}]), "application/json")
        body = shape(bad, 400, "blank", attr="title", type_="validation_error")
        shape(bad, 400, "max_length", attr="parties.1.name", type_="validation_error")
        shape(bad, 400, "invalid_choice", attr="parties.1.kind", type_="validation_error")
        assert language(body)
    missing = both(world)[0].post("/api/cases/", {}, "application/json")
    assert shape(missing, 400, "required", attr="matter", type_="validation_error")


def test_a_services_refusal_keeps_its_field_as_attr(world):
    zh, en = both(world)
    for client, language in ((zh, chinese), (en, english)):
        refused = client.post("/api/cases/", case_body(world, agency=world.pt_court.pk),
                              "application/json")
        body = shape(refused, 400, "invalid", attr="agency", type_="validation_error")
        assert language(body)
    # A refusal of the whole request (a wrong state) has no field of its own.
    case = world.register_case()
    for client, language in ((zh, chinese), (en, english)):
        wrong_state = client.post(f"/api/cases/{case.pk}/transition/",
                                  {"action": "close", "reason": "x"}, "application/json")
        assert wrong_state.status_code == 400
        body = json.loads(wrong_state.content)
        assert body["type"] == "validation_error" and language(body)
        assert all(e["attr"] in (None, "non_field_errors") for e in body["errors"])
    assert not SupervisionCase.objects.filter(title="接口错误").exists()


def test_the_adapter_keeps_a_services_codes_and_texts():
    invalid = exception_handler(ValidationError({"agency": ValidationError("该单位不由本院监督。",
                                                                            code="foreign")}), {})
    assert invalid.status_code == 400 and invalid.data == {"type": "validation_error", "errors": [
        {"code": "foreign", "detail": "该单位不由本院监督。", "attr": "agency"}]}
    whole = exception_handler(ValidationError({"__all__": ["日期不能晚于今天。"]}), {})
    assert whole.data["errors"] == [{"code": "invalid", "detail": "日期不能晚于今天。",
                                     "attr": "non_field_errors"}]
    denied = exception_handler(PermissionDenied("您不能在此案件上办理此事项。"), {})
    assert denied.status_code == 403 and denied.data == {"type": "client_error", "errors": [
        {"code": "permission_denied", "detail": "您不能在此案件上办理此事项。", "attr": None}]}


def test_401_without_or_with_a_bad_token(world, db):
    for headers, code, language in (({}, "not_authenticated", chinese),
                                    ({"HTTP_ACCEPT_LANGUAGE": "en"}, "not_authenticated", english),
                                    ({"HTTP_AUTHORIZATION": "Token jc_nonsense"},
                                     "authentication_failed", chinese),
                                    ({"HTTP_AUTHORIZATION": "Token jc_nonsense",
                                      "HTTP_ACCEPT_LANGUAGE": "en"}, "authentication_failed",
                                     english)):
        response = Client().get("/api/cases/", **headers)
        assert language(shape(response, 401, code))
        assert response["WWW-Authenticate"].startswith("Token")


def test_403_a_read_only_token_acting_and_a_password_only_session(world):
    _token, plain = api_token_create(actor=world.procurator, user=world.procurator,
                                     name="只读", scope=ApiTokenScope.READ)
    for headers, language in (({}, chinese), ({"HTTP_ACCEPT_LANGUAGE": "en"}, english)):
        acting = Client().post("/api/cases/", case_body(world), "application/json",
                               HTTP_AUTHORIZATION=f"Token {plain}", **headers)
        assert language(shape(acting, 403, "permission_denied"))
    authenticator(world.approver)
    for headers, language in (({}, chinese), ({"HTTP_ACCEPT_LANGUAGE": "en"}, english)):
        session = Client(**headers)
        password_only_login(session, world.approver)
        assert language(shape(session.get("/api/cases/"), 403, "two_factor_required"))


def test_404_of_an_object_out_of_sight_and_of_an_address_no_route_answers(world):
    foreign = world.register_case(actor=world.pt_procurator, agency=world.pt_court)
    zh, en = both(world)
    for client, language in ((zh, chinese), (en, english)):
        assert language(shape(client.get("/api/cases/999999/"), 404, "not_found"))
        assert language(shape(client.get("/api/no-such-resource/"), 404, "not_found"))
        assert language(shape(client.get("/api/cases/abc/"), 404, "not_found"))
        assert language(shape(client.get(f"/api/cases/{foreign.pk}/"), 404, "not_found"))
    # Without the slash, CommonMiddleware still adds it (the route exists with one).
    assert zh.get("/api/cases").status_code == 301


def test_405_406_and_415(world):
    zh, en = both(world)
    for client, language in ((zh, chinese), (en, english)):
        assert language(shape(client.delete("/api/cases/"), 405, "method_not_allowed"))
        assert language(shape(client.get("/api/cases/", HTTP_ACCEPT="application/xml"), 406,
                              "not_acceptable"))
        assert language(shape(client.post("/api/cases/", "title=x", content_type="text/plain"),
                              415, "unsupported_media_type"))


def test_409_a_repeated_idempotency_key_gives_the_first_result_in_extra(world):
    zh, en = both(world)
    first = zh.post("/api/cases/", case_body(world), "application/json",
                    HTTP_IDEMPOTENCY_KEY="errors-409")
    assert first.status_code == 201
    for client, language in ((zh, chinese), (en, english)):
        again = client.post("/api/cases/", case_body(world), "application/json",
                            HTTP_IDEMPOTENCY_KEY="errors-409")
        body = shape(again, 409, "already_processed", extra=True)
        assert language(body)
        assert body["extra"]["result"].endswith(f"/api/cases/{first.json()['id']}/")
    assert SupervisionCase.objects.filter(title="接口错误").count() == 1


def test_413_a_body_over_the_limit(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    zh, en = both(world)
    for client, language in ((zh, chinese), (en, english)):
        too_big = client.post("/api/cases/", case_body(world, summary="案" * 300))  # multipart
        assert language(shape(too_big, 413, "request_too_large"))
    assert not SupervisionCase.objects.filter(title="接口错误").exists()


def test_429_a_token_over_its_rate(world, settings):
    settings.API_TOKEN_THROTTLE_RATE = "2/min"
    _token, plain = api_token_create(actor=world.procurator, user=world.procurator, name="限速")
    client = Client(HTTP_AUTHORIZATION=f"Token {plain}")
    assert [client.get("/api/cases/").status_code for _ in range(2)] == [200, 200]
    assert chinese(shape(client.get("/api/cases/"), 429, "throttled"))
    throttled = client.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert english(shape(throttled, 429, "throttled"))
    assert int(throttled["Retry-After"]) > 0


@pytest.mark.urls(__name__)
def test_500_says_only_that_the_server_failed(world, caplog):
    zh, en = both(world)
    for client, language in ((zh, chinese), (en, english)):
        client.raise_request_exception = False
        for url in ("/api/boom/", "/api/plain-boom/"):
            with caplog.at_level(logging.ERROR, logger="django.request"):
                failed = client.get(url)
            body = shape(failed, 500, "error", type_="server_error")
            assert language(body)
            assert b"secret-detail-xyz" not in failed.content
            assert b"Traceback" not in failed.content and b"RuntimeError" not in failed.content
    # The traceback is in the log, as for any 500.
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]
    assert any(r.exc_info and "secret-detail-xyz" in str(r.exc_info[1]) for r in logged)


@pytest.mark.urls(__name__)
def test_a_page_still_gets_the_sites_error_page(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.procurator)
    page = client.get("/cases/999999/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")

