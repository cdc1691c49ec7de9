"""The shared visibility querysets at provincial scale: the scope is a plain filter an index
serves, and each exception (a case shared with a user, an instrument a higher procuratorate
was asked to follow up) joins the query only for the users a maintained fact says it concerns.

Who sees what must be exactly what the former definition (kept below as the reference) gave.
"""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm, get_objects_for_user

from cases.models import SupervisionCase
from cases.permissions import cases_visible_to
from cases.services import sharing
from recommendations import services
from recommendations.choices import VISIBLE_TO_AGENCY, FollowUpKind
from recommendations.models import FollowUp, Recommendation, Reply
from recommendations.permissions import (
    FOLLOW_UP_ROLES,
    recommendation_visibility_q,
    recommendations_visible_to,
)
from supervision.auth import UserBackend
from supervision.choices import Role
from supervision.models import Procuratorate, User
from supervision.permissions import procuratorate_scope
from supervision.services.selfcheck import CHECKS, run_selfcheck

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
GUARDIAN_TABLE = '"guardian_userobjectpermission"'
FOLLOW_UP_TABLE = '"recommendations_followup"'


# --- The former definitions: the reference the new querysets must equal, row for row ---------

def reference_cases(user: User) -> QuerySet[SupervisionCase]:
    qs = SupervisionCase.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    condition = procuratorate_scope(user)
    if user.role == Role.ASSISTANT:
        condition = Q(assistant=user) | Q(handler=user)
    shared = get_objects_for_user(
        user, "cases.view_shared_case", klass=SupervisionCase, accept_global_perms=False
    ).values("pk")
    shared_q = Q(pk__in=shared)
    return qs.filter(condition | shared_q if condition is not None else shared_q)


def reference_recommendations(user: User) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.LIAISON:
        return qs.filter(agency_id=user.agency_id, status__in=VISIBLE_TO_AGENCY)
    visible = Q(case__in=reference_cases(user).values("pk"))
    if user.role in FOLLOW_UP_ROLES and user.procuratorate_id:
        visible |= Q(pk__in=FollowUp.objects.filter(
            kind=FollowUpKind.HIGHER_PROCURATORATE,
            higher_procuratorate_id=user.procuratorate_id).values("recommendation_id"))
    return qs.filter(visible)


# --- A world with shared cases and follow-up requests to two higher procuratorates ----------

def _staff(username: str, role: str, procuratorate: Procuratorate, **kwargs) -> User:
    return User.objects.create_user(username=username, password="x" * 12, role=role,
                                    procuratorate=procuratorate, **kwargs)


@pytest.fixture
def scene(world):
    """Dinghai's instruments (one asked of the city, one of the province), a Putuo case shared
    with Dinghai's procurator, a Dinghai case shared with a city procurator, and the extra
    personas above Dinghai."""
    province = world.city.parent
    people = {
        "city_procurator": _staff("city_procurator", Role.PROCURATOR, world.city),
        "city_chief": _staff("city_chief", Role.CHIEF, world.city),
        "province_procurator": _staff("province_procurator", Role.PROCURATOR, province),
        "province_supervisor": _staff("province_supervisor", Role.SUPERVISOR, province),
        "superuser": _staff("root", Role.PROCURATOR, world.putuo, is_superuser=True),
        "left": _staff("left", Role.PROCURATOR, world.city),
    }
    with time_machine.travel(NOW, tick=False):
        asked_city = world.served(datetime.date(2026, 8, 3))
        services.follow_up_record(actor=world.procurator, recommendation=asked_city,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复")
        asked_province = world.served(datetime.date(2026, 8, 4))
        services.follow_up_record(actor=world.procurator, recommendation=asked_province,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复",
                                  higher_procuratorate=province)
        services.reply_submit(actor=world.court_liaison, recommendation=world.served(
            datetime.date(2026, 11, 2)), content="已整改")
        putuo_case = world.register_case(actor=world.pt_procurator, agency=world.pt_court,
                                         title="普陀区法院执行活动违法")
        putuo_rec = world.served(datetime.date(2026, 11, 3), case=putuo_case)
        services.reply_submit(actor=world.pt_court_liaison, recommendation=putuo_rec,
                              content="已整改")
        sharing.case_share(actor=world.pt_procurator, case=putuo_case, user=world.procurator)
        sharing.case_share(actor=world.procurator, case=asked_city.case,
                           user=people["city_procurator"])
        sharing.case_share(actor=world.procurator, case=asked_city.case, user=people["left"])
        people["left"].is_active = False
        people["left"].save(update_fields=["is_active"])
        world.register_case(title="未成文的案件", assistant=world.assistant)
    return people


def _personas(world, scene) -> dict[str, User]:
    names = ["procurator", "assistant", "approver", "pt_procurator", "supervisor",
             "court_liaison", "police_liaison", "pt_court_liaison", "observer", "sysadmin",
             "secadmin", "auditadmin"]
    return {**{n: getattr(world, n) for n in names}, **scene}


def _as_signed_in(user: User) -> User:
    """The user as a request sees it: loaded by the authentication backend."""
    return UserBackend().get_user(user.pk) or user


def _pks(qs: QuerySet) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_every_persona_sees_exactly_what_the_former_definition_gave(world, scene):
    seen_anything = set()
    for name, user in _personas(world, scene).items():
        for loaded in (user, _as_signed_in(user)):
            cases, recs = _pks(reference_cases(user)), _pks(reference_recommendations(user))
            assert _pks(cases_visible_to(loaded)) == cases, name
            assert _pks(recommendations_visible_to(loaded)) == recs, name
            # an instrument's children through the join, as ``get_<child>_for_user`` asks
            condition = recommendation_visibility_q(loaded, "recommendation__")
            replies = (Reply.objects.filter(condition) if condition is not None
                       else Reply.objects.none())
            assert _pks(replies) == _pks(Reply.objects.filter(recommendation__in=recs)), name
            if cases or recs:
                seen_anything.add(name)
    # the world exercises every rule: scope, subtree, assistant, shares, both follow-ups
    assert {"procurator", "assistant", "supervisor", "city_procurator", "city_chief",
            "province_procurator", "province_supervisor", "superuser",
            "court_liaison"} <= seen_anything
    assert "left" not in seen_anything and "observer" not in seen_anything


def test_the_follow_up_and_the_share_are_what_opens_the_rows(world, scene):
    city = scene["city_procurator"]
    asked = FollowUp.objects.filter(higher_procuratorate=world.city).get().recommendation
    assert _pks(recommendations_visible_to(city)) == {asked.pk}  # the shared case has just it
    assert _pks(cases_visible_to(city)) == {asked.case_id}
    province = FollowUp.objects.filter(higher_procuratorate=world.city.parent).get()
    assert _pks(recommendations_visible_to(scene["province_procurator"])) == {
        province.recommendation_id}
    assert not cases_visible_to(scene["province_procurator"]).exists()  # not the case file


# --- The SQL: the exceptions appear only for the users who hold one --------------------------

def _sql(qs: QuerySet) -> str:
    return str(qs.query)


def test_the_guardian_subquery_appears_only_while_the_user_holds_a_shared_case(world):
    with time_machine.travel(NOW, tick=False):
        first, second = world.register_case(), world.register_case(title="另一件")
    outsider = world.pt_procurator
    plain = _sql(cases_visible_to(outsider))
    assert GUARDIAN_TABLE not in plain and "SELECT" not in plain.split("WHERE", 1)[1]
    assert GUARDIAN_TABLE not in _sql(recommendations_visible_to(outsider))
    sharing.case_share(actor=world.procurator, case=first, user=outsider)
    sharing.case_share(actor=world.procurator, case=second, user=outsider)
    assert GUARDIAN_TABLE in _sql(cases_visible_to(outsider))
    assert GUARDIAN_TABLE in _sql(recommendations_visible_to(outsider))
    sharing.case_unshare(actor=world.procurator, case=first, user=outsider)
    assert GUARDIAN_TABLE in _sql(cases_visible_to(outsider))
    assert _pks(cases_visible_to(outsider)) == {second.pk}
    sharing.case_unshare(actor=world.procurator, case=second, user=outsider)
    assert GUARDIAN_TABLE not in _sql(cases_visible_to(outsider))
    assert not cases_visible_to(outsider).exists()


def test_the_follow_up_subquery_appears_only_for_a_procuratorate_that_was_asked(world):
    city_procurator = _staff("city_procurator", Role.PROCURATOR, world.city)
    for user in (world.procurator, world.supervisor, city_procurator):
        sql = _sql(recommendations_visible_to(user))
        assert FOLLOW_UP_TABLE not in sql and GUARDIAN_TABLE not in sql
    # the procurator's instruments: the instrument's own procuratorate column, no join to the
    # cases; one subquery, the juvenile cases of the procuratorate the procurator may not see
    # (cases.permissions.juvenile_q) — left out for the chief and the juvenile department
    sql = _sql(recommendations_visible_to(world.procurator))
    assert "JOIN" not in sql and sql.split("WHERE", 1)[1].count("SELECT") == 1
    assert '"cases_supervisioncase"' in sql and '."juvenile"' in sql
    assert '"recommendations_recommendation"."procuratorate_id" = ' in sql
    chief = _staff("chief", Role.CHIEF, world.dinghai)
    assert "cases_supervisioncase" not in _sql(recommendations_visible_to(chief))
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复")
    assert FOLLOW_UP_TABLE in _sql(recommendations_visible_to(city_procurator))
    assert FOLLOW_UP_TABLE not in _sql(recommendations_visible_to(world.procurator))


def test_the_signed_in_user_needs_no_query_for_the_facts(world, django_assert_num_queries):
    user = _as_signed_in(world.supervisor)  # session → user, with its procuratorate
    with django_assert_num_queries(0):
        _sql(cases_visible_to(user))
        _sql(recommendations_visible_to(user))
    client = Client()
    client.force_login(world.supervisor)
    assert client.get(reverse("api-case-list")).status_code == 200


# --- The facts: written by the services, initialised by the migrations, checked nightly ------

def test_the_sharing_services_keep_the_users_fact(world):
    with time_machine.travel(NOW, tick=False):
        first, second = world.register_case(), world.register_case(title="另一件")
    outsider = User.objects.get(pk=world.pt_procurator.pk)  # another copy of the user
    assert not outsider.has_shared_cases
    sharing.case_share(actor=world.procurator, case=first, user=world.pt_procurator)
    sharing.case_share(actor=world.procurator, case=second, user=world.pt_procurator)
    outsider.refresh_from_db()
    assert outsider.has_shared_cases and world.pt_procurator.has_shared_cases
    sharing.case_unshare(actor=world.procurator, case=first, user=world.pt_procurator)
    outsider.refresh_from_db()
    assert outsider.has_shared_cases  # one case left
    sharing.case_unshare(actor=world.procurator, case=second, user=world.pt_procurator)
    outsider.refresh_from_db()
    assert not outsider.has_shared_cases and not world.pt_procurator.has_shared_cases


def test_the_follow_up_service_keeps_the_procuratorates_fact(world):
    assert not Procuratorate.objects.filter(has_follow_up_requests=True).exists()
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.URGE, note="催告")
        assert not Procuratorate.objects.filter(has_follow_up_requests=True).exists()
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复",
                                  higher_procuratorate=world.city.parent)
    assert list(Procuratorate.objects.filter(has_follow_up_requests=True)) == [world.city.parent]


def _check(code: str) -> list:
    return CHECKS[code].run(NOW.date())


def test_the_self_check_finds_a_fact_out_of_step_with_the_rows(world):
    run_selfcheck()  # registers every app's checks
    with time_machine.travel(NOW, tick=False):
        case = world.register_case()
        rec = world.served(datetime.date(2026, 8, 3))
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复")
    sharing.case_share(actor=world.procurator, case=case, user=world.pt_procurator)
    assert _check("shared_case_fact_out_of_step") == []
    assert _check("follow_up_fact_out_of_step") == []
    # a fact lost: the shared case and the instrument would be hidden
    User.objects.filter(pk=world.pt_procurator.pk).update(has_shared_cases=False)
    Procuratorate.objects.filter(pk=world.city.pk).update(has_follow_up_requests=False)
    assert _check("shared_case_fact_out_of_step") == [world.pt_procurator.pk]
    assert _check("follow_up_fact_out_of_step") == [world.city.pk]
    codes = {f["code"] for f in run_selfcheck().findings}
    assert {"shared_case_fact_out_of_step", "follow_up_fact_out_of_step"} <= codes
    # a fact with nothing behind it
    User.objects.filter(pk=world.supervisor.pk).update(has_shared_cases=True)
    Procuratorate.objects.filter(pk=world.putuo.pk).update(has_follow_up_requests=True)
    assert world.supervisor.pk in _check("shared_case_fact_out_of_step")
    assert world.putuo.pk in _check("follow_up_fact_out_of_step")


def test_a_share_granted_to_a_group_outside_the_service_is_caught_and_the_migration_heals_it(
        world):
    with time_machine.travel(NOW, tick=False):
        case = world.register_case()
    group = Group.objects.create(name="跟进监督组")
    world.pt_procurator.groups.add(group)
    assign_perm("cases.view_shared_case", group, case)  # not through case_share: no fact
    assert _check("shared_case_fact_out_of_step") == [world.pt_procurator.pk]
    importlib.import_module("cases.migrations.0006_initialise_shared_case_fact").initialise(
        apps, None)
    assert _check("shared_case_fact_out_of_step") == []
    assert _pks(cases_visible_to(world.pt_procurator)) == {case.pk}
    assert _pks(reference_cases(world.pt_procurator)) == {case.pk}


def test_the_follow_up_migration_initialises_the_fact_from_the_rows(world):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.HIGHER_PROCURATORATE, note="拒不回复")
    Procuratorate.objects.update(has_follow_up_requests=False)
    importlib.import_module("recommendations.migrations.0009_initialise_follow_up_fact"
                            ).initialise(apps, None)
    assert list(Procuratorate.objects.filter(has_follow_up_requests=True)) == [world.city]


# --- PostgreSQL: the plans use the indexes --------------------------------------------------

def _province(world, *, cities: int = 10, districts: int = 4, per_district: int = 120):
    """A province of ``cities`` × ``districts`` basic procuratorates with ``per_district``
    cases and instruments each, built with bulk_create (no services: only the plans matter)."""
    province = world.city.parent
    matter, agency, kind = world.matter, world.court, world.matter.kind
    rec_type = world.recommendation_type
    units = []
    for c in range(cities):
        city = Procuratorate.objects.create(name=f"市{c}", short_name=f"市{c}", level="municipal",
                                            parent=province)
        units += [Procuratorate.objects.create(name=f"市{c}区{d}", short_name=f"区{c}{d}",
                                               level="basic", parent=city)
                  for d in range(districts)]
    handlers = User.objects.bulk_create(
        [User(username=f"h{u.pk}", role=Role.PROCURATOR, procuratorate=u) for u in units])
    cases = SupervisionCase.objects.bulk_create(
        [SupervisionCase(number=f"T{u.pk}-{i}", procuratorate=u, kind=kind, matter=matter,
                         agency=agency, title="案件", summary="摘要", handler=h,
                         accepted_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300))
         for u, h in zip(units, handlers, strict=True) for i in range(per_district)],
        batch_size=1000)
    Recommendation.objects.bulk_create(
        [Recommendation(case=c, procuratorate=c.procuratorate, instrument_type=rec_type,
                        agency=agency, title="建议",
                        body="内容", drafted_by=c.handler) for c in cases], batch_size=1000)
    with connection.cursor() as cursor:
        for table in ("supervision_procuratorate", "supervision_user", "cases_supervisioncase",
                      "recommendations_recommendation"):
            cursor.execute(f"ANALYZE {table}")
    return handlers[0], units[0].parent


def _explain(qs: QuerySet, *, count: bool = False) -> str:
    if not count:
        return qs.explain()
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) AS visible", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's")
def test_postgresql_serves_the_lists_from_indexes(world):
    procurator, city = _province(world)
    supervisor = User.objects.create(username="city_sup", role=Role.SUPERVISOR, procuratorate=city)
    rec_list = recommendations_visible_to(procurator).select_related(
        "instrument_type", "agency").order_by("-pk")
    case_list = cases_visible_to(supervisor)
    plans = {
        "procurator's instrument list": _explain(rec_list[:50]),
        "procurator's instrument count": _explain(rec_list, count=True),
        "supervisor's case list": _explain(case_list[:20]),
        "supervisor's case count": _explain(case_list, count=True),
    }
    for name, plan in plans.items():
        print(f"\n-- {name}\n{plan}")  # shown with ``pytest -s``
        assert "Index" in plan, name
    for name in ("procurator's instrument list", "procurator's instrument count"):
        assert "Seq Scan on cases_supervisioncase" not in plans[name], plans[name]
    # the instrument's own copy of the procuratorate: its keyset index, no join for the scope
    assert "rec_procuratorate_pk_idx" in plans["procurator's instrument list"]
    assert "Seq Scan on cases_supervisioncase" not in plans["supervisor's case count"]
    # the former definition, for comparison: the OR with the guardian subquery scans the cases
    former = _explain(reference_recommendations(procurator), count=True)
    print(f"\n-- former procurator's instrument count\n{former}")
    # the subtree's LIKE 'prefix%' has a pattern index to use once the tree is large enough
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    subtree = Procuratorate.objects.filter(path__startswith=city.path).explain()
    print(f"\n-- the subtree, without sequential scans\n{subtree}")
    index = re.search(r"Index Scan (?:using|on) (\S+)", subtree).group(1)
    assert "varchar_pattern_ops" in _index_definition(index), index


def test_an_instrument_carries_its_cases_procuratorate_and_the_self_check_watches_the_copy(world):
    run_selfcheck()  # registers every app's checks
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
    assert rec.procuratorate_id == rec.case.procuratorate_id
    assert _check("procuratorate_differs_from_case") == []
    # a copy gone wrong would show the instrument to the wrong procuratorate: the check names it
    Recommendation.objects.filter(pk=rec.pk).update(procuratorate=world.putuo)
    assert rec.pk not in _pks(recommendations_visible_to(world.procurator))
    assert _check("procuratorate_differs_from_case") == [rec.pk]
    Recommendation.objects.filter(pk=rec.pk).update(procuratorate=rec.case.procuratorate)
    assert _check("procuratorate_differs_from_case") == []
    assert rec.pk in _pks(recommendations_visible_to(world.procurator))
