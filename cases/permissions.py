"""Who may see and do what on supervision cases: the one place every page, API and export asks."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.permissions import (
    OWN_PROCURATORATE_ROLES,
    VisibilityFacts,
    procuratorate_scope,
    visibility_facts,
)

from .models import (
    Attachment,
    ClueTransfer,
    InterferenceRecord,
    InvestigationMeasure,
    SupervisionCase,
)

_Child = TypeVar("_Child", bound=Model)

#: The object permission that shares one case with one outside user (``cases.services.sharing``).
SHARED_CASE_PERMISSION = "cases.view_shared_case"


def case_scope_q(user: User, prefix: str = "", procuratorate: str | None = None) -> Q | None:
    """The scope rule alone, as a plain condition on the case reached through ``prefix``
    (``""`` for cases, ``"case__"`` for a case's instruments and children): the user's
    procuratorate (``procuratorate_id = X``), a supervisor's subtree (``path LIKE '/1/4/%'``,
    served by the path's pattern index), an assistant's own cases. None: no case by scope.

    ``procuratorate`` names a copy of the case's procuratorate on the row itself (an
    instrument's ``procuratorate``): the scope then filters that column, on the row's own
    indexes, without the join through the cases."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.ASSISTANT:
        return Q(**{f"{prefix}assistant": user}) | Q(**{f"{prefix}handler": user})
    return procuratorate_scope(user, field=procuratorate or f"{prefix}procuratorate")


def shared_cases_of(user: User) -> QuerySet[SupervisionCase]:
    """The cases shared with ``user`` by object permission (directly, or through a group)."""
    return get_objects_for_user(user, SHARED_CASE_PERMISSION, klass=SupervisionCase,
                                accept_global_perms=False)


def users_holding_shared_cases() -> QuerySet[User]:
    """Users to whom some case is shared (directly, or through a group): where
    ``User.has_shared_cases`` must be True (the sharing services keep it so; the self-check
    compares)."""
    codename = {"permission__codename": SHARED_CASE_PERMISSION.split(".")[1],
                "permission__content_type__app_label": "cases"}
    direct = get_user_obj_perms_model(SupervisionCase).objects.filter(**codename)
    via_group = get_group_obj_perms_model(SupervisionCase).objects.filter(**codename)
    return User.objects.filter(Q(pk__in=direct.values("user_id"))
                               | Q(groups__in=via_group.values("group_id"))).distinct()


def sees_every_juvenile_case(user: User, facts: VisibilityFacts) -> bool:
    """Whether the juvenile rule leaves ``user``'s scope as it is: the chief procurator, and
    the staff of the procuratorate's juvenile department (未成年人检察部门,
    ``Department.juvenile``) — of their own procuratorate only, which is their scope. A
    supervisor of a higher procuratorate is never among them, whatever their department
    (docs/juvenile.md)."""
    return user.role == Role.CHIEF or (user.role in OWN_PROCURATORATE_ROLES
                                       and facts.juvenile_department)


def juvenile_narrows(user: User, facts: VisibilityFacts | None = None) -> bool:
    """Whether :func:`juvenile_q` narrows ``user``'s scope at all (not for the chief, the
    juvenile department, or an assistant, whose scope is their own cases already)."""
    return not (user.role == Role.ASSISTANT
                or sees_every_juvenile_case(user, facts or visibility_facts(user)))


def juvenile_q(user: User, prefix: str = "", facts: VisibilityFacts | None = None) -> Q | None:
    """The narrower circle of a juvenile case (涉未成年人, seed 003 §8), as a condition ANDed
    to the scope: a case that is not juvenile, or one ``user`` handles or assists on, or —
    for a department head (部门负责人) — one of their department, whose instruments they
    approve. None: no narrowing (:func:`sees_every_juvenile_case`; an assistant, whose scope
    is their own cases already).

    On the cases themselves (``prefix=""``) it is a condition on the row's own columns. On a
    child row (``prefix="case__"``: an instrument, a hearing …) it is ``case_id NOT IN`` the
    juvenile cases of the user's scope they may not see — a handful, read from the partial
    index ``case_juvenile_idx`` — so that a child list stays on its own indexes (an
    instrument's ``procuratorate`` copy) instead of joining every case of the scope."""
    if not juvenile_narrows(user, facts):
        return None
    allowed = Q(handler=user) | Q(assistant=user)
    if user.role == Role.APPROVER and user.department_id:
        allowed |= Q(department_id=user.department_id)
    if not prefix:
        return Q(juvenile=False) | allowed
    scope = case_scope_q(user)
    hidden = SupervisionCase.objects.filter(juvenile=True).exclude(allowed)
    if scope is not None:
        hidden = hidden.filter(scope)
    return ~Q(**{f"{prefix.removesuffix('__')}__in": hidden.values("pk")})


def sees_juvenile_case(user: User, case: SupervisionCase) -> bool:
    """:func:`juvenile_q` for one case already in ``user``'s scope, in Python."""
    if not case.juvenile or user.is_superuser or user.pk in (case.handler_id, case.assistant_id):
        return True
    if user.role == Role.ASSISTANT or user.procuratorate_id != case.procuratorate_id:
        return False
    if (user.role == Role.APPROVER and user.department_id is not None
            and user.department_id == case.department_id):
        return True
    return sees_every_juvenile_case(user, visibility_facts(user))


def case_visibility_q(user: User, prefix: str = "", facts: VisibilityFacts | None = None,
                      procuratorate: str | None = None) -> Q | None:
    """Who sees which case, as one condition on the case reached through ``prefix``: the
    scope (:func:`case_scope_q`) narrowed for juvenile cases (:func:`juvenile_q`), or a case
    shared with the user. The shared-case exception is ORed in only when the user holds one
    (``User.has_shared_cases``), so for almost everyone the condition is the plain scope an
    index serves (``procuratorate``: see :func:`case_scope_q`) — with, for most staff, the
    juvenile condition (on a child row, a small ``NOT IN`` subquery). A share never opens a
    juvenile case (``cases.services.sharing`` refuses to make one; one made before the case
    was flagged stays without effect). None: no case at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        # django-guardian answers every object for a superuser; so it stays (only
        # ``createsuperuser`` makes one — no role is a superuser).
        return Q(**{f"{prefix}pk__isnull": False})
    facts = facts or visibility_facts(user)
    condition = case_scope_q(user, prefix, procuratorate)
    narrower = juvenile_q(user, prefix, facts)
    if condition is not None and narrower is not None:
        condition &= narrower
    if facts.shared_cases:
        shared = Q(**{f"{prefix}pk__in": shared_cases_of(user).values("pk"),
                      f"{prefix}juvenile": False})
        condition = shared if condition is None else condition | shared
    return condition


def cases_visible_to(user: User) -> QuerySet[SupervisionCase]:
    """Cases ``user`` may see: their procuratorate's (or subtree's, for supervisors), the ones
    assigned to an assistant, and any case shared with them by object permission
    (:func:`case_visibility_q`)."""
    condition = case_visibility_q(user)
    qs = SupervisionCase.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_case_for_user(user: User, pk: int) -> SupervisionCase:
    """The case ``pk`` if ``user`` may see it, else 404 (never 403: existence is not told)."""
    try:
        return cases_visible_to(user).select_related(
            "procuratorate", "department", "kind", "matter", "matter__parent", "agency", "handler",
            "assistant", "sealed_by",
        ).get(pk=pk)
    except SupervisionCase.DoesNotExist as exc:
        raise Http404 from exc


def can_work_on_case(user: User, case: SupervisionCase) -> bool:
    """May ``user`` add measures, files, transfers and draft instruments on ``case``?"""
    if user.role == Role.ASSISTANT:
        return user.pk in (case.assistant_id, case.handler_id)
    return (user.role in {Role.PROCURATOR, Role.APPROVER, Role.CHIEF}
            and user.procuratorate_id == case.procuratorate_id
            and sees_juvenile_case(user, case))


def can_record_transfer_feedback(user: User, transfer: ClueTransfer) -> bool:
    """Who may record the receiving organ's feedback on a transferred clue (one rule for the
    case page, the portal and the API): those working on the case (from the organ's paper
    letter), or a liaison acting now for the receiving agency, when it is in the directory
    (in the portal, issue 19)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.LIAISON:
        return (transfer.recipient_agency_id is not None
                and user.agency_id == transfer.recipient_agency_id)
    return can_work_on_case(user, transfer.case)


def can_share(user: User, case: SupervisionCase) -> bool:
    """Who may share a case with an outside procurator (and withdraw it): the handling
    procurator, or an approver/chief of the case's procuratorate."""
    return user.pk == case.handler_id or (
        user.role in APPROVER_ROLES and user.procuratorate_id == case.procuratorate_id)


def can_seal_record(user: User, case: SupervisionCase) -> bool:
    """Who seals a juvenile case's record (犯罪记录封存): the handling procurator or the chief
    procurator of the case's procuratorate."""
    return user.is_active and (user.pk == case.handler_id or (
        user.role == Role.CHIEF and user.procuratorate_id == case.procuratorate_id))


def can_unseal_record(user: User, case: SupervisionCase) -> bool:
    """Who lifts a seal (解除封存): the chief procurator of the case's procuratorate alone."""
    return (user.is_active and user.role == Role.CHIEF
            and user.procuratorate_id == case.procuratorate_id)


def can_decide_case(user: User, case: SupervisionCase) -> bool:
    """May ``user`` change the case's status (审查, 结案, 不支持监督, 终结审查)? The handling
    procurator and the procuratorate's approvers; an assistant prepares but does not decide."""
    if user.procuratorate_id != case.procuratorate_id or not sees_juvenile_case(user, case):
        return False
    return user.role in APPROVER_ROLES or (user.role == Role.PROCURATOR and user.pk == case.handler_id)


def interference_visible_to(user: User) -> QuerySet[InterferenceRecord]:
    """过问干预记录 ``user`` may read: approvers and chiefs those of their procuratorate's cases,
    the audit administrator all (or their subtree's, when attached to a procuratorate).
    Nobody else, the recording procurator included (seed 002 §14)."""
    qs = InterferenceRecord.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in APPROVER_ROLES and user.procuratorate_id:
        return qs.filter(case__procuratorate_id=user.procuratorate_id)
    if user.role == Role.AUDITADMIN:
        if user.procuratorate_id:
            return qs.filter(case__procuratorate__path__startswith=user.procuratorate.path)
        return qs
    return qs.none()


def can_read_interference(user: User, case: SupervisionCase) -> bool:
    if user.role in APPROVER_ROLES:
        return user.procuratorate_id == case.procuratorate_id
    return user.role == Role.AUDITADMIN


# --- A case's child objects: each one ``get_<child>_for_user``, built on ``cases_visible_to`` ---

def _case_child_for_user(model: type[_Child], user: User, pk: int,
                         case_pk: int | None) -> _Child:
    """The ``model`` row ``pk`` if ``user`` may see its case, else 404 (never 403). A URL that
    names the case too (``case_pk``) must name the row's own case, else 404 as well."""
    condition = case_visibility_q(user, "case__")
    qs = model.objects.filter(condition) if condition is not None else model.objects.none()
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    return get_object_or_404(qs, pk=pk)


def get_attachment_for_user(user: User, pk: int, *, case_pk: int | None = None) -> Attachment:
    """The attachment ``pk`` (of case ``case_pk``, if given) if ``user`` may see its case."""
    return _case_child_for_user(Attachment, user, pk, case_pk)


def get_measure_for_user(user: User, pk: int, *,
                         case_pk: int | None = None) -> InvestigationMeasure:
    """The investigation measure ``pk`` (of case ``case_pk``, if given) if ``user`` may see its
    case."""
    return _case_child_for_user(InvestigationMeasure, user, pk, case_pk)


def get_transfer_for_user(user: User, pk: int, *, case_pk: int | None = None) -> ClueTransfer:
    """The clue transfer ``pk`` (of case ``case_pk``, if given) if ``user`` may see its case."""
    return _case_child_for_user(ClueTransfer, user, pk, case_pk)


def case_to_work_on(user: User, pk) -> SupervisionCase:
    """The case, if ``user`` may see it (else 404) and work on it (else 404 as well: a viewer
    who cannot work on the case has no business with its write URLs or API actions)."""
    case = get_case_for_user(user, pk)
    if not can_work_on_case(user, case):
        raise Http404
    return case
