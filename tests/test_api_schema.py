"""The OpenAPI 3 schema is complete (issue 17): it validates with no warning, every operation
has a summary and a description and documents its error answers in the one shape
(``supervision.service_errors``), every POST that honours ``Idempotency-Key`` documents the
header; descriptions are Chinese, English with ``?lang=en``; the documentation pages load from
this server only (no CDN) under the site's Content-Security-Policy."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from supervision.api.schema import UNVALIDATED_QUERY

CJK = re.compile(r"[\u4e00-\u9fff]")
METHODS = ("get", "post", "put", "patch", "delete")
#: The operations this area documents (supervision/api/views.py, reporting/api/statistics.py).
OWN = ("deadlines_preview_retrieve", "statistics_retrieve")


_SCHEMAS: dict[str, dict] = {}


@pytest.fixture
def schemas(world) -> dict[str, dict]:
    """The served schema in Chinese (no language asked for) and in English (``?lang=en``),
    fetched once for the module (it does not depend on the rows)."""
    if not _SCHEMAS:
        client = Client()
        client.force_login(world.procurator)
        for language, query in (("zh", {}), ("en", {"lang": "en"})):
            response = client.get("/api/schema/", {"format": "json", **query})
            assert response.status_code == 200
            _SCHEMAS[language] = json.loads(response.content)
    return _SCHEMAS


def operations(schema: dict) -> dict[str, tuple[str, str, dict]]:
    return {op["operationId"]: (method.upper(), path, op)
            for path, ops in schema["paths"].items()
            for method, op in ops.items() if method in METHODS}


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node or len(node.get("allOf", [])) == 1:
        node = (schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
                if "$ref" in node else node["allOf"][0])
    return node


def test_the_schema_validates_with_no_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "a.yaml"))
    assert (tmp_path / "a.yaml").stat().st_size > 10_000


def test_every_operation_has_a_summary_and_a_description(schemas):
    ops = operations(schemas["zh"])
    assert len(ops) > 20
    missing = sorted(f"{m} {p} ({'summary' if not op.get('summary') else 'description'})"
                     for _id, (m, p, op) in ops.items()
                     if not op.get("summary") or not op.get("description"))
    assert missing == []


def _error_shape(schema: dict, response: dict) -> bool:
    """The response's JSON body is the one error shape (each alternative of a oneOf too)."""
    if "application/json" not in response.get("content", {}):
        return False
    body = resolve(schema, response["content"]["application/json"]["schema"])
    alternatives = [resolve(schema, a) for a in body.get("oneOf", [body])]
    return all({"type", "errors"} <= set(a.get("properties", {})) for a in alternatives)


def test_every_operation_documents_its_error_answers_in_the_one_shape(schemas):
    schema = schemas["zh"]
    wrong = []
    for op_id, (method, path, op) in operations(schema).items():
        codes = set(op["responses"])
        wanted = {"401", "403", "405", "406", "429", "500"}
        if "{" in path:
            wanted.add("404")
        if method in ("POST", "PUT", "PATCH"):
            wanted |= {"400", "413", "415"}
        if any(p["in"] == "query" and p["name"] not in UNVALIDATED_QUERY
               for p in op.get("parameters", [])):
            wanted.add("400")
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        if method == "POST" and "Idempotency-Key" in headers:
            wanted.add("409")
        if method == "POST" and path != "/api/schema/" and "Idempotency-Key" not in headers:
            wrong.append(f"{op_id}: POST without the Idempotency-Key header")
        if wanted - codes:
            wrong.append(f"{op_id}: no {sorted(wanted - codes)}")
        wrong += [f"{op_id}: {code} is not the one error shape"
                  for code, response in op["responses"].items()
                  if code[0] in "45" and not _error_shape(schema, response)]
    assert wrong == [], "\n".join(wrong)


def test_the_error_shape_is_documented_once(schemas):
    components = schemas["zh"]["components"]["schemas"]
    item = components["ValidationErrorItem"]["properties"]
    assert set(item) == {"code", "detail", "attr"} and item["attr"]["nullable"] is True
    conflict = components["ErrorResponse409"]["properties"]
    assert set(conflict) == {"type", "errors", "extra"}
    extra = resolve(schemas["zh"], conflict["extra"])["properties"]
    assert {"result", "duplicates"} <= set(extra)
    assert components["ErrorCode409Enum"]["enum"] == ["already_processed", "duplicate_case",
                                                     "conflict"]
    # The token: "Authorization: Token <token>".
    assert any(s.get("in") == "header" and s.get("name") == "Authorization"
               for s in schemas["zh"]["components"]["securitySchemes"].values())


def test_descriptions_are_chinese_and_english_with_lang_en(schemas):
    zh, en = schemas["zh"], schemas["en"]
    assert CJK.search(zh["info"]["title"]) and CJK.search(zh["info"]["description"])
    zh_ops, en_ops = operations(zh), operations(en)
    for op_id in OWN:
        assert CJK.search(zh_ops[op_id][2]["summary"]) and CJK.search(zh_ops[op_id][2]["description"])
    # In English, nothing of these operations is Chinese: summary, description, parameters,
    # and every description in the bodies they answer (the errors' included).
    chinese = []

    def walk(node, where: str, seen: set[str]) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[1]
                if name not in seen:
                    seen.add(name)
                    walk(en["components"]["schemas"][name], name, seen)
                return
            for key, value in node.items():
                if key in ("summary", "description", "title") and isinstance(value, str) \
                        and CJK.search(value):
                    chinese.append(f"{where}.{key}: {value[:60]}")
                elif key not in ("example", "examples", "enum", "default"):
                    walk(value, where, seen)
        elif isinstance(node, list):
            for value in node:
                walk(value, where, seen)

    for op_id in OWN:
        walk(en_ops[op_id][2], op_id, set())
    walk(en.get("tags", []), "tags", set())
    walk(en["info"], "info", set())
    walk(en["components"]["securitySchemes"], "securitySchemes", set())
    walk(en["components"]["schemas"]["ErrorResponse409"], "ErrorResponse409", set())
    walk(en["components"]["schemas"]["ErrorResponse413"], "ErrorResponse413", set())
    assert chinese == [], "\n".join(chinese)


def test_the_documentation_pages_load_from_this_server_under_the_policy(world):
    client = Client()
    client.force_login(world.procurator)
    external = re.compile(rb"""(?:src|href)=["']?(?:https?:)?//""", re.IGNORECASE)
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url)
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
        policy = page["Content-Security-Policy"]
        assert re.search(r"script-src 'self'(;|$)", policy) and "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert not external.search(page.content), url
        assert b"cdn" not in page.content.lower() and b"googleapis" not in page.content
        assert b"<style" not in page.content
        assert not re.search(rb"<script(?![^>]*\bsrc=)", page.content), "inline script"
        for asset in re.findall(rb"""(?:src|href)="/static/([^"]+)\"""", page.content):
            assert finders.find(asset.decode()), asset  # packaged, served by this server
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content and b"validatorUrl\": null" in script.content
    # Anyone else is sent to the login page, as on any page.
    anonymous = Client().get("/api/docs/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
