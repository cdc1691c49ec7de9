"""Bad input never gives a 500 (issue 15): every URL of the project and every API operation,
fed malformed ids, dates, numbers, cursors and bodies by each kind of user, answers below 500.

The routes are read from the resolver and the API operations from the OpenAPI schema, so a new
URL is fuzzed without being listed here. Valid arguments come from the permission matrix's rows
and fixture (``tests/test_permission_matrix.py``); the parameter names a query or a form body
can carry are read from the project's forms and filtersets. Not every malformed value is tried
against every route as every user — that product takes minutes — but each (route, probe) pair
is sent by one of the users the route is open to (who gets past the access check to the
validation), round-robin, and every other user sends a rotating sample.

Each request runs in a savepoint that is rolled back, so a body that happens to be valid (an
empty POST that submits an instrument) does not change what the next request sees, and a
database error on PostgreSQL does not poison the rest of the test.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django_filters import FilterSet

from tests import test_permission_matrix
from tests.test_permission_matrix import MATRIX, QUERY

#: The permission matrix's fixture: a case of 定检 with a served instrument, the court's reply,
#: a measure, an attachment, a transfer, an interference record, a liaison membership.
objects = test_permission_matrix.objects

pytestmark = pytest.mark.django_db

#: The users who try: one of each kind (the permission matrix's persona names).
ROLES = ["anonymous", "procurator", "approver", "supervisor", "court_liaison", "sysadmin",
         "secadmin"]
PROJECT_APPS = {"agencies", "cases", "demo", "duties", "hearings", "portal", "recommendations",
                "reporting", "supervision", "inspections", "litigation", "quality",
                "adjudication"}

BAD_PATH_VALUES = ["0", "-1", "99999999999999999999", "abc", "%00", "x" * 1000]
BAD_DATES = ["9999-12-31", "2026-02-30", "0000-01-01", "99999-01-01"]
BAD_NUMBERS = ["abc", "1e309", "-1", "99999999999999999999"]
BAD_TEXT = ["\x00", "x" * 20000, ";drop table x", "１２"]
#: Query values, each set on every parameter name at once: one bad value per variant reaches
#: every field's validation.
BAD_QUERY_VALUES = ["9999-12-31", "2026-02-30", "0000-01-01", "abc", "1e309",
                    "99999999999999999999", "\x00"]
#: Parameter names read by views directly rather than through a form.
EXTRA_QUERY_NAMES = ["sort", "page", "cursor", "page_size", "timeline", "rec", "type", "kind",
                     "next", "q", "year", "start", "rule", "days", "months", "format", "lang",
                     "fmt"]
TWO_MB = 2 * 1024 * 1024
#: Routes whose status reports the system rather than the request: the readiness check answers
#: 500 while a dependency (here the Celery worker) is down, whatever it is asked
#: (tests/test_ops.py).
NOT_FUZZED = {"health"}


# --- What to send -------------------------------------------------------------------------------


def _project_forms() -> Iterator[type]:
    seen, todo = set(), [forms.BaseForm, FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
                if sub.__module__.split(".")[0] in PROJECT_APPS:
                    yield sub


def field_kinds() -> dict[str, str]:
    """Every field name a project form or filterset reads → the kind of junk to give it."""
    kinds: dict[str, str] = {}
    for cls in _project_forms():
        # A copy of each filter: ``Filter.field`` caches the form field on the filter, and on
        # a class's base filter that cache (with its empty queryset) would outlive this test
        # in every later FilterSet of the class.
        fields = getattr(cls, "base_fields", None) or {
            name: copy.deepcopy(f).field for name, f in getattr(cls, "base_filters", {}).items()}
        for name, f in fields.items():
            # A name two forms read differently gets the stricter junk, whatever the order
            # the forms were found in (a text field takes any junk; a choice of rows does not).
            kind = _kind(f)
            if KIND_ORDER.index(kind) < KIND_ORDER.index(kinds.get(name, "text")):
                kinds[name] = kind
            else:
                kinds.setdefault(name, kind)
    return kinds


KIND_ORDER = ("file", "date", "number", "text")


def _kind(f: forms.Field) -> str:
    if isinstance(f, forms.FileField):
        return "file"
    if isinstance(f, (forms.DateField, forms.DateTimeField)):
        return "date"
    if isinstance(f, (forms.IntegerField, forms.FloatField, forms.DecimalField,
                      forms.ModelChoiceField)):
        return "number"
    return "text"


def _junk(kind: str, k: int):
    if kind == "file":
        return [SimpleUploadedFile("x.pdf", b"not a pdf"), SimpleUploadedFile("empty.pdf", b""),
                SimpleUploadedFile("../../etc/passwd", b"\x00" * 10),
                SimpleUploadedFile("x.docx", b"PK\x03\x04junk")][k % 4]
    return {"date": BAD_DATES, "number": BAD_NUMBERS, "text": BAD_TEXT}[kind][k % 4]


def query_variants(names: list[str]) -> list[str]:
    variants = [urlencode({n: value for n in names}) for value in BAD_QUERY_VALUES]
    variants.append(urlencode([(n, v) for n in names for v in ("1", "abc", "2026-01-01")]))
    variants.append("cursor=" + "A" * 5000 + "&page=-1&page_size=-1&sort=;drop&cursor=%00")
    return variants


@dataclass
class Body:
    label: str
    data: object = None
    content_type: str | None = None

    def kwargs(self) -> dict:
        if self.data is None:
            return {}
        if callable(self.data):  # form data with files: fresh file objects each time
            return {"data": self.data()}
        if self.content_type is None:  # a dict, sent as a browser's multipart form
            return {"data": self.data}
        return {"data": self.data, "content_type": self.content_type}


def _json(label: str, data: str) -> Body:
    return Body(label, data, "application/json")


def form_bodies(kinds: dict[str, str]) -> list[Body]:
    """What a browser form could be made to send: every known field junk, multipart with
    junk files or urlencoded, an oversized one, and a few bodies of the wrong type."""
    def form(k: int) -> Callable[[], dict]:
        return lambda: {n: _junk(kind, k) for n, kind in kinds.items()}

    text = urlencode({n: _junk(kind, 1) for n, kind in kinds.items() if kind != "file"})
    return [Body("empty"), *(Body(f"form junk {k}", form(k)) for k in range(4)),
            Body("urlencoded junk", text, "application/x-www-form-urlencoded"),
            Body("form 2 MB", "title=" + "x" * TWO_MB, "application/x-www-form-urlencoded"),
            _json("json list", "[1, 2]"),
            Body("xml", "<a><b/></a>", "application/xml"),
            Body("multipart without boundary", "--x\r\n", "multipart/form-data")]


def api_bodies(kinds: dict[str, str], schema_body: dict | None) -> list[Body]:
    """JSON that is not an object, nested deep, broken or oversized; bodies of the
    operation's own shape with wrong values; plain form junk and wrong content types."""
    return [Body("empty"), Body("form junk 0", lambda: {n: _junk(k, 0) for n, k in kinds.items()}),
            _json("json list", "[1, 2]"), _json("json scalar", '"x"'), _json("json null", "null"),
            _json("json deep", "[" * 5000 + "]" * 5000), _json("json broken", '{"a": [1, '),
            _json("json 2 MB", json.dumps({"title": "x" * TWO_MB})),
            Body("text", "\x00junk", "text/plain"), Body("xml", "<a/>", "application/xml"),
            *(_json(f"json fields {k}", json.dumps(b)) for k, b in enumerate(json_junk(schema_body)))]


def one_bad_date(label: str, valid: dict, encode: Callable[[dict], Body]) -> list[Body]:
    """A valid body with one date made bad at a time: it passes every other check and reaches
    the service (an unbounded date there was a due date beyond the calendar)."""
    dates = [k for k, v in valid.items() if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v)]
    return [encode({**valid, name: bad}) for name in dates for bad in BAD_DATES[:3] + ["2026-13-01"]]


def json_junk(body: dict | None) -> list[dict]:
    """Bodies shaped like the operation's own, each property given a wrong value of its type
    (a date that does not exist, a number beyond 64 bits, an object where a string goes …)."""
    properties = (body or {}).get("properties", {})

    def bad(prop: dict, k: int):
        kind, fmt = prop.get("type"), prop.get("format")
        if fmt in ("date", "date-time"):
            return BAD_DATES[k % 4]
        if kind in ("integer", "number"):
            return [10 ** 30, -1, "abc", 1e308][k % 4]
        if kind == "array":
            return [[bad(prop.get("items", {}), k)] * 3, "abc", [[[[]]]], [None]][k % 4]
        if kind == "object" or "properties" in prop:
            return ["abc", [], {"x": {"y": 1}}, None][k % 4]
        if "enum" in prop or "oneOf" in prop or "allOf" in prop:
            return [";drop", 1, ["a"], None][k % 4]
        return [{"a": 1}, ["a"], "\x00", "x" * 100000][k % 4]

    return [{name: bad(prop, k) for name, prop in properties.items()} for k in range(4)] if properties else []


# --- Where to send it ---------------------------------------------------------------------------

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass
class Route:
    name: str
    template: str  # "/cases/{pk}/status/{action}/"
    defaults: dict[str, str] = field(default_factory=dict)  # a value the pattern accepts
    methods: set[str] = field(default_factory=lambda: {"get", "post"})
    api: bool = False

    @property
    def params(self) -> list[str]:
        return list(self.defaults)

    def url(self, **values: str) -> str:
        return self.template.format(**{**self.defaults, **values})


def _route_text(pattern, defaults: dict[str, str]) -> str:
    def route_param(m: re.Match) -> str:
        defaults[m["name"]] = {"int": "1", "path": "1"}.get(m["conv"] or "str", "x")
        return "{" + m["name"] + "}"

    def regex_param(m: re.Match) -> str:
        body = m["body"]
        defaults[m["name"]] = ("json" if m["name"] == "format" else
                               body.split("|")[0] if re.fullmatch(r"[\w|]+", body) else "1")
        return "{" + m["name"] + "}"

    text = str(pattern).replace("{", "{{").replace("}", "}}")
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(route_param, text)
    text = _REGEX_PARAM.sub(regex_param, text)
    return text.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")


def _methods(callback) -> set[str]:
    """The methods a view answers: a class-based view's handlers, or the list a
    ``require_http_methods`` decorator (``require_POST`` …) closes over; else GET and POST."""
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)}
    fn = callback
    while fn is not None:
        code = getattr(fn, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = fn.__closure__[code.co_freevars.index("request_method_list")]
            return {m.lower() for m in cell.cell_contents} & {"get", "post"}
        fn = getattr(fn, "__wrapped__", None)
    return {"get", "post"}


def project_routes() -> list[Route]:
    """Every named route of the resolver, with its arguments as ``{name}`` slots."""
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, defaults: dict) -> None:
        for pattern in patterns:
            inner = dict(defaults)
            text = prefix + _route_text(pattern.pattern, inner)
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern.url_patterns, text, ns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if not re.search(r"[()\[\]*+|\\]", text):
                    routes.append(Route(name, "/" + text, inner, _methods(pattern.callback),
                                        api=hasattr(pattern.callback, "cls")))

    walk(get_resolver().url_patterns, "", None, {})
    return routes


def _with_matrix_args(route: Route, objs: dict) -> Route:
    """The route with the permission matrix's arguments (real objects) where it has a row."""
    row = MATRIX.get(route.name)
    names = [p for p in route.params if p != "format"]
    values = [str(v) for v in row.args(objs)] if row else []
    if row and len(values) == len(names):
        route.defaults = {**route.defaults, **dict(zip(names, values))}
    return route


def open_to(name: str | None) -> set[str]:
    """The roles who get past the route's access check (the matrix's ``ok`` and any other
    outcome than 404/login/403); a route without a row is tried by everyone."""
    row = MATRIX.get(name or "")
    if row is None:
        return set(ROLES)
    return (row.ok | {p for p, o in row.outcome.items() if o not in ("404", "403", "login")}
            | ({"anonymous"} if row.anonymous == "ok" else set())) & set(ROLES)


# --- How to send it -----------------------------------------------------------------------------


@dataclass
class Probe:
    method: str
    url: str
    body: Body | None = None
    query: str = ""

    def label(self) -> str:
        url = self.url + (f"?{self.query}" if self.query else "")
        url = url if len(url) < 140 else url[:120] + f"…({len(url)} chars)"
        return f"{self.method.upper()} {url!r}" + (f" [{self.body.label}]" if self.body else "")


def send(client: Client, probe: Probe) -> int:
    """The probe's status code, in a savepoint rolled back afterwards; an exception that
    escapes even Django's 500 handling counts as a 500."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    url = probe.url + (f"?{probe.query}" if probe.query else "")
    kwargs = probe.body.kwargs() if probe.body else {}  # the probe's own making may not fail here
    try:
        with transaction.atomic():
            response = getattr(client, probe.method)(url, **kwargs)
            transaction.set_rollback(True)
        status = response.status_code
    except Exception:  # noqa: BLE001 — whatever escaped, it is a server error
        status = 599
    client.cookies = cookies  # a logout or a new session must not sign the next probe out
    return status


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def share(probes: list[Probe], role: str, takers: set[str], every_other: int = 15) -> list[Probe]:
    """The probes ``role`` sends: round-robin among the roles the route is open to, so that
    each probe reaches one of them; every ``every_other``-th one (shifted by role) for the
    others, who should be turned away before any validation."""
    ordered = [r for r in ROLES if r in takers]
    if role in ordered:
        return probes[ordered.index(role)::len(ordered)]
    return probes[ROLES.index(role) % every_other::every_other]


def server_errors(client: Client, role: str, probes: list[Probe]) -> list[str]:
    answered = ((probe, send(client, probe)) for probe in probes)
    return [f"{role:<14} {status} {probe.label()}" for probe, status in answered if status >= 500]


def _report(failed: list[str]) -> str:
    return "server errors on malformed input:\n" + "\n".join(failed)


@pytest.fixture(scope="module")
def kinds() -> dict[str, str]:
    return field_kinds()


# --- The pages (and every other route of the resolver but the API's and the admin's) ------------


def route_probes(route: Route, kinds: dict[str, str]) -> list[Probe]:
    """Malformed path values (each parameter in turn; the resolver's 404 for one its converter
    refuses is fine), malformed query strings, and junk bodies for a view that takes POST."""
    probes = [Probe("get" if "get" in route.methods else "post", route.url(**{param: value}))
              for param in route.params for value in BAD_PATH_VALUES]
    valid, extra = route.url(), QUERY.get(route.name, "").lstrip("?")
    if "get" in route.methods:
        names = sorted({*kinds, *EXTRA_QUERY_NAMES})
        probes += [Probe("get", valid, query="&".join(filter(None, [q, extra])))
                   for q in query_variants(names)]
    if "post" in route.methods:
        probes += [Probe("post", valid, body=b) for b in form_bodies(kinds)]
        row = MATRIX.get(route.name)
        if row is not None:
            probes += [Probe("post", valid, body=b) for b in one_bad_date(
                route.name, row.data(_OBJECTS), lambda d: Body("one bad date", d))]
    return probes


_OBJECTS: dict = {}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_malformed_input_with_a_server_error(role, world, objects, kinds):
    _OBJECTS.clear()
    _OBJECTS.update(objects)
    client = client_for(world, role)
    failed: list[str] = []
    for route in project_routes():
        if route.api or route.name.startswith("admin:") or route.name in NOT_FUZZED:
            continue
        route = _with_matrix_args(route, objects)
        failed += server_errors(client, role, share(route_probes(route, kinds), role,
                                                    open_to(route.name)))
    assert not failed, _report(failed)


def test_no_admin_page_answers_malformed_input_with_a_server_error(world, objects):
    """Django admin, as the system administrator: a malformed object id, a junk changelist
    filter, a junk add form — one probe per page, the values rotating."""
    client = client_for(world, "sysadmin")
    probes = []
    values = itertools.cycle(BAD_PATH_VALUES)
    queries = itertools.cycle(["q=%00", "o=abc.-9", "p=-1", "e=1&all=abc", "id__gte=abc",
                               "created_at__gte=9999-99-99", "q=" + "x" * 5000])
    for route in project_routes():
        if not route.name.startswith("admin:"):
            continue
        if route.params:
            probes.append(Probe("get", route.url(**{route.params[-1]: next(values)})))
        elif route.name.endswith("_changelist"):
            probes.append(Probe("get", route.url(), query=next(queries)))
        elif route.name.endswith("_add"):
            probes.append(Probe("post", route.url(), body=Body(
                "junk", "a=%00&b=99999999999999999999", "application/x-www-form-urlencoded")))
    failed = server_errors(client, "sysadmin", probes)
    assert not failed, _report(failed)


# --- Every API operation of the OpenAPI schema --------------------------------------------------


@dataclass
class Operation:
    method: str
    path: str  # "/api/cases/{id}/"
    params: dict[str, str]  # path parameter -> a valid value
    query: list[str]  # the documented query parameters
    body: dict | None  # the JSON request body's schema

    def url(self, **values: str) -> str:
        return self.path.format(**{**self.params, **values})


#: Valid bodies for the API's writes (those the permission matrix does not give).
VALID_API_BODIES = {
    "/api/cases/{id}/measures/": lambda o: {"measure_type": "file_review", "taken_on": "2026-11-20",
                                            "target": "执行卷宗"},
    "/api/cases/{id}/transfers/": lambda o: {"recipient_kind": "supervisory_commission",
                                             "recipient": "监委", "clue": "线索",
                                             "transferred_on": "2026-11-20"},
    "/api/cases/{id}/transition/": lambda o: {"action": "close", "decided_on": "2026-11-20"},
    "/api/cases/": lambda o: {"matter": o["case"].matter_id, "agency": o["case"].agency_id,
                              "title": "标题", "summary": "案情", "accepted_on": "2026-11-20"},
}


def api_operations(objs: dict) -> list[Operation]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    from supervision.models import Notification

    valid = {"measure_pk": objs["measure"].pk, "transfer_pk": objs["transfer"].pk, "fmt": "csv",
             "attachment_pk": objs["attachment"].pk, "reply_pk": objs["reply"].pk}
    ids = {"/api/cases/": objs["case"].pk, "/api/interference-records/": objs["record"].pk,
           "/api/recommendations/": objs["rec"].pk, "/api/agencies/": objs["case"].agency_id,
           "/api/scorecards/": objs["case"].agency_id,
           "/api/notifications/": Notification.objects.filter(
               recipient__username="procurator").values_list("pk", flat=True).first() or 1}
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            parameters = op.get("parameters", [])
            params = {p["name"]: str(valid.get(p["name"], 1)) for p in parameters if p["in"] == "path"}
            if "id" in params:
                # An id of a row the fixture has, where it has one; else 1 (a 404, still probed).
                params["id"] = str(next((pk for prefix, pk in ids.items() if path.startswith(prefix)),
                                        1))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(Operation(method, path, params,
                                        [p["name"] for p in parameters if p["in"] == "query"],
                                        _resolve(schema, body.get("schema"))))
    return operations


def _resolve(schema: dict, node):
    if isinstance(node, dict) and "$ref" in node:
        return _resolve(schema, schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]])
    if isinstance(node, dict):
        return {k: _resolve(schema, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(schema, v) for v in node]
    return node


def operation_probes(op: Operation, kinds: dict[str, str], objs: dict) -> list[Probe]:
    probes = [Probe(op.method, op.url(**{param: value}))
              for param in op.params for value in BAD_PATH_VALUES]
    probes.append(Probe(op.method, op.url().rstrip("/") + ".abc"))  # a format suffix it lacks
    probes += [Probe(op.method, op.url(), query=q) for q in query_variants(op.query or ["x"])]
    if op.method in ("post", "put", "patch"):
        probes += [Probe(op.method, op.url(), body=b) for b in api_bodies(kinds, op.body)]
        row = MATRIX.get(resolve(op.url()).url_name or "")
        valid = VALID_API_BODIES.get(op.path, lambda o: row.data(o) if row else {})(objs)
        probes += [Probe(op.method, op.url(), body=b) for b in one_bad_date(
            op.path, valid, lambda d: _json("one bad date", json.dumps(d)))]
    return probes


@pytest.mark.parametrize("role", ROLES)
def test_no_api_operation_answers_malformed_input_with_a_server_error(role, world, objects, kinds):
    """Each operation of the schema: malformed ids in its path, junk in its documented query
    parameters, and bodies of the right shape with wrong values as well as plain junk."""
    client = client_for(world, role)
    failed: list[str] = []
    for op in api_operations(objects):
        probes = operation_probes(op, kinds, objects)
        failed += server_errors(client, role, share(probes, role, open_to(resolve(op.url()).url_name)))
    assert not failed, _report(failed)


def test_the_walk_reaches_every_route_and_operation(objects):
    """The fuzzing is only as good as its reach: the resolver's routes all become probes with
    the methods their views take, and the schema lists the API's writes."""
    routes = {r.name: r for r in project_routes()}
    assert {"cases:detail", "calendar-feed", "liaison-accept", "api-case-detail",
            "api-case-measure-escalate"} <= set(routes)
    assert len([n for n in routes if not n.startswith("admin:")]) >= 90
    assert routes["recommendations:serve"].methods == {"post"}
    assert routes["cases:detail"].methods >= {"get"}
    writes = [op for op in api_operations(objects) if op.method != "get"]
    assert len(writes) >= 8
