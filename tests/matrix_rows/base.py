"""The permission matrix's vocabulary (``tests/test_permission_matrix.py``): the personas,
their groups and a row, shared by the rows kept in this package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = [
    "procurator",        # handles the case, 定检
    "assistant",         # assigned to the case, 定检
    "approver",          # head of the case's department, 定检
    "pt_procurator",     # sibling procuratorate 普检
    "supervisor",        # case management of 舟检, above both
    "court_liaison",     # liaison of the addressed agency
    "police_liaison",    # liaison of another agency
    "observer",          # people's congress observer of 定检
    "sysadmin",
    "secadmin",
    "auditadmin",
    "anonymous",
]
SIGNED_IN = set(PERSONAS) - {"anonymous"}
STAFF = {"procurator", "assistant", "approver", "pt_procurator", "supervisor"}
CASE_READERS = {"procurator", "assistant", "approver", "supervisor"}
INSTRUMENT_READERS = CASE_READERS | {"court_liaison"}
LIAISONS = {"court_liaison", "police_liaison"}
CASE_WORKERS = {"procurator", "assistant", "approver"}


@dataclass
class Row:
    ok: set[str]
    args: Callable[[dict], list] = lambda objs: []
    method: str = "get"
    data: Callable[[dict], dict] = lambda objs: {}
    others: str = "404"
    anonymous: str = "login"
    #: persona -> outcome, where one differs from both ``ok`` and ``others`` (e.g. a POST that
    #: reaches the service for them but is refused there with 400 because of the case's state).
    outcome: dict[str, str] = field(default_factory=dict)


def _api(ok: set[str], args: Callable[[dict], list] = lambda objs: [], others: str = "404") -> Row:
    return Row(ok=ok, args=args, others=others, anonymous="401")


