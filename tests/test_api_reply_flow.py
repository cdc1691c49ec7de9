"""The reply flow driven end to end through the API only (issue 17), by a schema-driven client:
every request is found in the served OpenAPI schema (``/api/schema/?format=json``) by its
``operationId`` — its path template and method come from there, so a renamed or removed
endpoint breaks this test — and every success is checked against the schema: a documented
status and media type, and a JSON body valid against the documented response schema.

The procuratorate drafts, submits, approves and issues an instrument; the addressed court's
liaison lists its inbox, acknowledges (签收), downloads the frozen PDF, reads the items, replies
with an attachment and an item's evidence; the procurator sees the reply in the instrument's
detail and downloads its files. Only the test world (people, agencies, one case) is set up
with services."""

from __future__ import annotations

import datetime
import json
import re
import uuid

import jsonschema
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supervision.models import AuditEntry

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PDF = b"%PDF-1.4\n%%EOF\n"


class SchemaClient:
    """Calls operations of the served schema by ``operationId`` for one signed-in user."""

    def __init__(self, user, schema: dict) -> None:
        self.http = Client()
        self.http.force_login(user)
        self.operations = {
            op["operationId"]: (path, method)
            for path, item in schema["paths"].items()
            for method, op in item.items() if isinstance(op, dict) and "operationId" in op}
        self.schema = schema

    def operation(self, operation_id: str) -> dict:
        path, method = self.operations[operation_id]
        return self.schema["paths"][path][method]

    def url(self, operation_id: str, **params) -> str:
        assert operation_id in self.operations, f"no operation {operation_id} in the schema"
        path, _method = self.operations[operation_id]
        names = set(re.findall(r"{(\w+)}", path))
        assert names == set(params), (operation_id, names, set(params))
        return re.sub(r"{(\w+)}", lambda m: str(params[m.group(1)]), path)

    def call(self, operation_id: str, *, query: dict | None = None, json_body=None,
             multipart: dict | None = None, headers: dict | None = None, **params):
        _path, method = self.operations[operation_id]
        url = self.url(operation_id, **params)
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        send = getattr(self.http, method)
        if json_body is not None:
            assert "application/json" in self.operation(operation_id)["requestBody"]["content"]
            response = send(url, json.dumps(json_body), content_type="application/json", **extra)
        elif multipart is not None:
            assert "multipart/form-data" in self.operation(operation_id)["requestBody"]["content"]
            response = send(url, multipart, **extra)
        else:
            response = send(url, query or {}, **extra)
        self.check_response(operation_id, response)
        return response

    def check_response(self, operation_id: str, response) -> None:
        """A success answers as the schema says: a documented status and media type, and a
        JSON body valid against the documented schema."""
        if response.status_code >= 300:
            return
        documented = self.operation(operation_id)["responses"]
        assert str(response.status_code) in documented, (operation_id, response.status_code)
        content = documented[str(response.status_code)].get("content", {})
        media = response["Content-Type"].split(";")[0] if content else None
        assert media is None or media in content, (operation_id, media, list(content))
        if media == "application/json":
            schema = {**_nullable(content[media]["schema"]),
                      "components": _nullable(self.schema["components"])}
            jsonschema.validate(json.loads(response.content), schema)


def _nullable(node):
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema (``type: [..., "null"]``), and its
    ``#/components`` references kept resolvable from the response schema's root."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def schema(world) -> dict:
    client = Client()
    client.force_login(world.procurator)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_reply_flow_through_the_api_only(world, schema):
    procurator = SchemaClient(world.procurator, schema)
    approver = SchemaClient(world.approver, schema)
    court = SchemaClient(world.court_liaison, schema)
    police = SchemaClient(world.police_liaison, schema)
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(agency=world.court)

        # --- the procuratorate: draft, submit, approve, issue -------------------------------
        drafted = procurator.call("recommendations_create", json_body={
            "case": case.pk, "instrument_type": world.recommendation_type.pk,
            "agency": world.court.pk, "title": "关于规范案件受理工作的检察建议",
            "body": "一、依法受理并审查立案材料。\n二、建立受理台账。"})
        assert drafted.status_code == 201, drafted.content
        rec_id = drafted.json()["id"]
        assert procurator.call("recommendations_submit_create", id=rec_id).status_code == 200
        assert approver.call("recommendations_approve_create", id=rec_id).status_code == 200
        issued = procurator.call("recommendations_issue_create", id=rec_id)
        assert issued.status_code == 200, issued.content
        assert issued.json()["status"] == "issued" and issued.json()["number"]

        # --- the court's liaison -------------------------------------------------------------
        inbox = court.call("recommendations_list")
        assert [row["id"] for row in inbox.json()["results"]] == [rec_id]
        assert police.call("recommendations_list").json()["results"] == []  # not theirs

        key = str(uuid.uuid4())
        acknowledged = court.call("recommendations_acknowledge_create", id=rec_id,
                                  headers={"Idempotency-Key": key})
        assert acknowledged.status_code == 200, acknowledged.content
        assert acknowledged.json()["status"] == "awaiting_reply"
        due = acknowledged.json()["due_date"]
        retried = court.call("recommendations_acknowledge_create", id=rec_id,
                             headers={"Idempotency-Key": key})
        assert retried.status_code == 409  # a retry acts not
        assert AuditEntry.objects.filter(action="recommendation_acknowledge").count() == 1

        pdf = court.call("recommendations_pdf_retrieve", id=rec_id)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert _body(pdf).startswith(b"%PDF")
        assert police.call("recommendations_pdf_retrieve", id=rec_id).status_code == 404

        state = court.call("recommendations_reply_draft_retrieve", id=rec_id).json()
        assert state["reply_action"] == "reply" and state["draft"] is None
        numbers = [item["number"] for item in state["items"]]
        assert numbers == [1, 2]

        replied = court.call("recommendations_reply_create", id=rec_id, multipart={
            "content": "我院已对照建议逐项整改。",
            "attachment": SimpleUploadedFile("整改报告.pdf", PDF, "application/pdf"),
            "item_answers": json.dumps([
                {"item": 1, "answer": "adopted", "measures": "已重新审查",
                 "completed_on": "2026-11-23", "evidence": 0},
                {"item": 2, "answer": "partly", "measures": "台账正在建立"}]),
            "evidence": [SimpleUploadedFile("台账.pdf", PDF, "application/pdf")],
        }, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert replied.status_code == 201, replied.content
        reply = replied.json()

        # --- the procuratorate sees the reply ----------------------------------------------
        detail = procurator.call("recommendations_retrieve", id=rec_id)
        assert detail.status_code == 200
        data = detail.json()
        assert data["status"] == "replied" and data["due_date"] == due
        assert [r["id"] for r in data["replies"]] == [reply["id"]]
        sent = data["replies"][0]
        assert sent["content"] == "我院已对照建议逐项整改。"
        assert sent["attachment_name"] == "整改报告.pdf"
        assert [(a["item_number"], a["answer"], a["evidence_name"])
                for a in sent["item_answers"]] == [(1, "adopted", "台账.pdf"),
                                                   (2, "partly", "")]
        attachment = procurator.call("recommendations_replies_attachment_retrieve", id=rec_id,
                                     reply_pk=reply["id"])
        assert attachment.status_code == 200 and _body(attachment) == PDF
        evidence = procurator.call("recommendations_replies_evidence_retrieve", id=rec_id,
                                   reply_pk=reply["id"], item_number=1)
        assert evidence.status_code == 200 and _body(evidence) == PDF
        assert police.call("recommendations_replies_attachment_retrieve", id=rec_id,
                           reply_pk=reply["id"]).status_code == 404
