"""Template context shared by every page: the role's navigation and the notification bell."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from .choices import APPROVER_ROLES, Role
from .permissions import (
    DASHBOARD_ROLES,
    INVITER_ROLES,
    OWN_PROCURATORATE_ROLES,
    STAFF_ROLES,
    may_connect_systems,
)
from .roles import ADMIN_ROLES
from .two_factor import session_needs_second_factor


def _nav_items(user) -> list[tuple[str, str]]:
    """The sections the user's role may open — the same role sets the pages check."""
    items: list[tuple[str, str]] = []
    if user.role in APPROVER_ROLES:
        items.append((reverse("recommendations:approvals"), _("待我审批")))
    if user.role in STAFF_ROLES:
        items.append((reverse("cases:list"), _("监督案件")))
        # 检察听证 (hearings/): the hearings of the cases the user sees, and the register.
        items.append((reverse("hearings:list"), pgettext("nav", "检察听证")))
        # 巡回检察 (inspections/): the procuratorate's circuit and resident inspections.
        items.append((reverse("inspections:list"), pgettext("nav", "巡回检察")))
        # 公益诉讼 (litigation/): suits after the pre-litigation stage, announcements, appeals.
        items.append((reverse("litigation:list"), pgettext("nav", "公益诉讼")))
    if user.role in APPROVER_ROLES:
        # 检察长列席审委会 (adjudication/): for the chief and the department heads; the others
        # who see a record reach it from the linked case's page.
        items.append((reverse("adjudication:list"), pgettext("nav", "列席审委会")))
    if user.role in {Role.PROCURATOR, *APPROVER_ROLES, Role.SUPERVISOR}:
        # 案件评查 (quality/): quality.permissions.REVIEW_LIST_ROLES — who organises, reviews,
        # or is reviewed.
        items.append((reverse("quality:list"), pgettext("nav", "案件评查")))
    if user.role == Role.LIAISON:
        items.append((reverse("portal:inbox"), _("收件箱")))
    if user.role == Role.LIAISON and user.agency_id is not None:
        items.append((reverse("reporting:agency-scorecard", args=[user.agency_id]),
                      _("本单位评价")))
    if user.role in DASHBOARD_ROLES:
        items.append((reverse("reporting:dashboard"), _("期限看板")))
        items.append((reverse("reporting:agency-ranking"), _("单位评价")))
        items.append((reverse("reporting:statistics"), _("统计分析")))
        # short in the bar (pgettext "nav"): the page's own title says it in full
        items.append((reverse("reporting:congress-reports"), pgettext("nav", "人大报告")))
    if user.role in OWN_PROCURATORATE_ROLES:  # publication.permissions.PUBLISHER_ROLES
        items.append((reverse("publication:index"), pgettext("nav", "检务公开")))
    if user.role in INVITER_ROLES | {Role.SYSADMIN}:
        items.append((reverse("liaison-invite"), _("联络员")))
    if user.role == Role.SYSADMIN:
        items.append((reverse("ops-calendar"), _("法定节假日")))
        items.append((reverse("ops-selfcheck"), _("数据自检")))
        items.append((reverse("agency-import"), _("导入单位")))
    if user.role == Role.SECADMIN:
        items.append((reverse("security"), _("账号安全")))
    if user.role in ADMIN_ROLES:
        items.append((reverse("admin:index"), _("系统管理")))
    return items


#: Menus in the bar, each gathering sections under one name so that the bar keeps to one line
#: on a 1366-pixel screen (a procurator's on a 1280 one): the supervision work beside the cases
#: (hearings, inspections, public-interest litigation, the chief at the court's adjudication
#: committee, case quality review), and the statistics and reports beside the deadline board.
MENUS = (
    ("work", pgettext_lazy("nav", "检察业务"),
     ("hearings:list", "inspections:list", "litigation:list", "adjudication:list",
      "quality:list")),
    ("reports", pgettext_lazy("nav", "统计报告"),
     ("reporting:agency-ranking", "reporting:statistics", "reporting:congress-reports")),
)


def _entries(request: HttpRequest, items: list[tuple[str, str]]) -> list[dict]:
    """The bar's entries: each item, those of a menu of ``MENUS`` gathered into it where the
    first of them stands (a menu of one is just its entry)."""
    menu_of = {reverse(name): (key, label) for key, label, names in MENUS for name in names}
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for url, label in items:
        entry = {"url": url, "label": label, "active": request.path.startswith(url)}
        if url not in menu_of:
            entries.append(entry)
            continue
        key, menu_label = menu_of[url]
        if key not in menus:
            menus[key] = {"label": str(menu_label), "children": [], "key": key}
            entries.append(menus[key])
        menus[key]["children"].append(entry)
    for menu in menus.values():
        menu["active"] = any(child["active"] for child in menu["children"])
        if len(menu["children"]) == 1:
            entries[entries.index(menu)] = menu["children"][0]
    return entries


def navigation(request: HttpRequest) -> dict:
    """The navigation and the bell; the liaison's agency switcher comes from
    ``agencies.context_processors.liaison_agencies``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if session_needs_second_factor(user):
        return {"nav_items": [], "unread_notifications": 0}  # only the verify step is open
    return {
        "nav_items": _entries(request, _nav_items(user)),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
        "may_connect_systems": may_connect_systems(user),
    }
