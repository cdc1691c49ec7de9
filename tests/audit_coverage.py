"""Audit coverage across the whole suite (issue 15): which write services ran, and whether each
call that changed a row wrote an audit entry. Installed for the session by the root conftest;
checked by ``tests/test_audit_coverage.py``, which the conftest runs last.

The write services are found, not listed: every public function of an app's ``services``
package that takes a keyword-only ``actor`` (ARCHITECTURE.md: "every write, an explicit
actor"). Each is wrapped wherever a module binds it. A call *changed state* when it ran an
INSERT, UPDATE or DELETE on any table but the audit trail's own; such a call must have written
an audit entry. A call that raised (a refused action) or changed nothing (closing what was
already closed) needs none.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import sys
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

APPS = ("supervision", "agencies", "cases", "congress", "recommendations", "duties", "hearings",
        "inspections", "litigation", "quality", "adjudication",
        "portal", "reporting", "integrations", "publication")
#: Write services that are not changes of the record, each with its reason.
EXEMPT = {
    "supervision.services.audit.audit_record": "is the audit trail itself",
    "supervision.services.selfcheck.run_selfcheck": "stores its own dated report (who ran it)",
    "supervision.services.notifications.notifications_mark_read":
        "a person's own read markers on their bell, not a change of any record",
    "agencies.services.imports.check_workbook": "a dry run: checks a file, writes nothing",
}
_OWN_TABLES = ("supervision_auditentry", "supervision_auditchainhead")
_WRITES = ("INSERT", "UPDATE", "DELETE")


def write_services() -> dict[str, object]:
    found = {}
    for app in APPS:
        try:
            package = importlib.import_module(f"{app}.services")
        except ImportError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{app}.services.{info.name}")
            for name, fn in vars(module).items():
                if (inspect.isfunction(fn) and fn.__module__ == module.__name__
                        and not name.startswith("_")):
                    actor = inspect.signature(fn).parameters.get("actor")
                    if actor is not None and actor.kind is actor.KEYWORD_ONLY:
                        found[f"{module.__name__}.{name}"] = fn
    return found


@dataclass
class Tracker:
    services: dict[str, object]
    calls: Counter = field(default_factory=Counter)       # returned normally
    changed: Counter = field(default_factory=Counter)     # ... and wrote rows
    unaudited: Counter = field(default_factory=Counter)   # ... but no audit entry
    full_run: bool = False

    def wrap(self, name: str, fn):
        from supervision.services import audit as audit_service

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            writes = []

            def count(execute, sql, params, many, context):
                head = sql.lstrip()[:6].upper()
                if head in _WRITES and not any(t in sql for t in _OWN_TABLES):
                    writes.append(head)
                return execute(sql, params, many, context)

            before = audit_service.written
            with connection.execute_wrapper(count):
                result = fn(*args, **kwargs)
            self.calls[name] += 1
            if writes:
                self.changed[name] += 1
                if audit_service.written == before:
                    self.unaudited[name] += 1
            return result
        return wrapper

    def install(self, monkeypatch) -> None:
        by_id = {id(fn): (name, fn) for name, fn in self.services.items()}
        wrappers = {key: self.wrap(name, fn) for key, (name, fn) in by_id.items()}
        for module in list(sys.modules.values()):
            module_name = getattr(module, "__name__", None) or ""
            if module_name.split(".")[0] not in (*APPS, "demo", "tests"):
                continue
            for attr, value in list(vars(module).items()):
                if id(value) in by_id and by_id[id(value)][1] is value:
                    monkeypatch.setattr(module, attr, wrappers[id(value)])
