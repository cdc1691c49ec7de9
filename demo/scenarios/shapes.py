"""The shapes of the demo world's data: plain frozen dataclasses and named tuples, no ORM.

Names that point elsewhere in the data are keys, not objects: a procuratorate by its short
name (``"定检"``), a department by its name within that procuratorate, an agency by its key in
``AGENCIES`` (``"police"``), an account by its username, a scenario by its key in
``SCENARIOS``, an instrument type by its code. The builder (``demo.builder``) resolves them.

Texts of a scenario are ``str.format`` templates filled per case: ``{p}`` a person, ``{co}`` a
company, ``{agency}`` the agency's name, ``{y}``/``{n}`` year and serial of the related case
number, ``{ref}`` that number, ``{court}``/``{police}`` the agency's court code or police prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

# --- Organisation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Procuratorate:
    """A procuratorate of the tree (``parent``: a short name) and its departments."""

    name: str
    short_name: str
    level: str
    parent: str | None
    departments: tuple[tuple[str, str], ...]  # (name, code)


@dataclass(frozen=True)
class Agency:
    """A supervised agency; ``supervisor`` is the short name of the procuratorate that
    supervises it, ``superior`` its superior or competent authority."""

    name: str
    agency_type: str
    sector: str
    supervisor: str
    superior: str
    court_code: str = ""  # {court} in related case numbers
    police_prefix: str = ""  # {police} in related case numbers


class Account(NamedTuple):
    """A demo login (a tuple, so ``row[0]`` is the username and ``row[2]`` the role)."""

    username: str
    display_name: str
    role: str
    procuratorate: str | None = None
    department: str | None = None
    agency: str | None = None  # key in AGENCIES: a liaison of that agency
    responsible: bool = False  # the agency's responsible person (单位负责人, signs off replies)


# --- Scenarios -------------------------------------------------------------------------------

@dataclass(frozen=True)
class InstrumentText:
    """An instrument of a scenario: type code, texts, and the agency's reply if it replies."""

    type: str
    title: str
    facts: str
    problems: str
    legal_basis: str
    body: str
    reply: str
    measures: str


@dataclass(frozen=True)
class Scenario:
    """A kind of case: where it sits in the taxonomy, whom it concerns, its story, and the
    instruments it can lead to, in order."""

    kind: str
    matter: tuple[str | None, str]  # (parent name or None, leaf name)
    agency: str
    clue_source: str
    title: str
    summary: str
    instruments: tuple[InstrumentText, ...] = ()
    ref: str = ""  # related case number, formatted with y, n, court, police
    juvenile: bool = False


# --- The plan: which cases exist, and how far their instruments have gone --------------------

#: The states a ``Step`` leaves an instrument in, each a step further than the one before.
DRAFT, RETURNED, PENDING, APPROVED, ISSUED, AWAITING, REPLIED = (
    "draft", "returned", "pending", "approved", "issued", "awaiting", "replied")


@dataclass(frozen=True)
class Step:
    """The state one instrument of a case is left in.

    ``state``: draft, returned, pending, approved, issued, awaiting, replied. ``days``: for
    awaiting, the target due date relative to today (negative: overdue); for replied, how many
    days ago it was served; for issued, how many days ago it was issued.
    """

    state: str
    days: int = 0
    late: bool = False  # replied: after the due date


@dataclass(frozen=True)
class CasePlan:
    """One case of a scenario, its handler (and assistant), and a step per instrument."""

    scenario: str
    handler: str
    steps: tuple[Step, ...] = ()
    assistant: str | None = None
    agency: str | None = None  # overrides the scenario's agency


# --- The case file ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """An investigation measure (调查核实); a ``refusal`` means the agency refused it."""

    measure_type: str
    target: str
    result: str = ""
    refusal: str = ""


@dataclass(frozen=True)
class ClueTransfer:
    recipient_kind: str
    recipient: str
    clue: str
    letter_number: str  # {year}: the year it was transferred


@dataclass(frozen=True)
class Attachment:
    description: str
    filename: str  # .pdf or .png: a small valid sample file is made for it


@dataclass(frozen=True)
class Interference:
    """A record of someone's intervening in the case (过问干预), as the handler wrote it."""

    intervener: str
    intervener_post: str
    manner: str
    content: str


@dataclass(frozen=True)
class CaseFileEntry:
    """What is added to the first case of ``scenario`` (with the scenario's own agency) five
    days after acceptance: a measure and, optionally, a transfer, files, an interference."""

    scenario: str
    measure: Measure
    transfer: ClueTransfer | None = None
    attachments: tuple[Attachment, ...] = ()
    interference: Interference | None = None


# --- The lifecycle story: one case's instruments taken through the later states --------------
# Each step names its instrument by a key the story gives it; ``"<batch key>@<agency key>"``
# is the member of a batch addressed to that agency. Who acts follows from the step: the
# handler drafts, serves, evaluates, follows up and extends; the approver approves, issues,
# decides reviews and voids; the case agency's liaison replies and asks for review.

@dataclass(frozen=True)
class DraftText:
    """The texts every instrument of the story is drafted with (``{case}``: its number)."""

    case_source: str
    facts: str
    problems: str
    legal_basis: str
    body: str


@dataclass(frozen=True)
class Serve:
    """Draft, approve and issue an instrument ``days_ago`` days ago and serve it that day;
    negative ``days_ago``: issued today and not served."""

    key: str
    title: str
    days_ago: int


@dataclass(frozen=True)
class Reply:
    key: str


@dataclass(frozen=True)
class Evaluate:
    key: str
    outcome: str
    reasons: str = ""


@dataclass(frozen=True)
class FollowUp:
    key: str
    kind: str
    note: str


@dataclass(frozen=True)
class RequestReview:
    key: str
    kind: str
    reason: str


@dataclass(frozen=True)
class DecideReview:
    """Decide the last review requested of ``key``."""

    key: str
    outcome: str
    reason: str


@dataclass(frozen=True)
class Extend:
    key: str
    days: int
    reason: str


@dataclass(frozen=True)
class Void:
    key: str
    reason: str


@dataclass(frozen=True)
class ServeBatch:
    """A similar-case instrument (类案) to the case's agency and the ``also`` agencies,
    drafted, approved, issued and served today."""

    key: str
    title: str
    facts: str
    body: str
    also: tuple[str, ...]


@dataclass(frozen=True)
class Supplement:
    """The case agency's liaison adds to their reply (补充回复)."""

    key: str
    content: str


@dataclass(frozen=True)
class RequireSignoff:
    """From now on the agency's replies need its responsible person's sign-off."""

    agency: str


@dataclass(frozen=True)
class Acknowledge:
    key: str
    by: str


@dataclass(frozen=True)
class SaveReplyDraft:
    """A reply draft by ``by`` (default: the case agency's liaison); ``item_answer``
    (answer, measures) answers every item of the instrument alike."""

    key: str
    content: str
    measures: str = ""
    by: str | None = None
    item_answer: tuple[str, str] | None = None


@dataclass(frozen=True)
class SubmitReplyDraft:
    key: str
    by: str


LifecycleStep = (Serve | Reply | Evaluate | FollowUp | RequestReview | DecideReview | Extend
                 | Void | ServeBatch | Supplement | RequireSignoff | Acknowledge | SaveReplyDraft
                 | SubmitReplyDraft)


@dataclass(frozen=True)
class Lifecycle:
    """The story of the first open case of ``procuratorate`` addressed to an agency of
    ``agency_type``: its steps run in order, ``summary`` is printed after them."""

    procuratorate: str
    agency_type: str
    approver: str
    instrument_type: str
    draft: DraftText
    reply: tuple[str, str]  # (content, measures) of every reply in the story
    steps: tuple[LifecycleStep, ...]
    summary: str
