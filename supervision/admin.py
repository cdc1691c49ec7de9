import json

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision import audit_labels
from supervision.services.audit import audit_record

from .choices import Role
from .models import (
    AuditEntry,
    CalendarDay,
    CalendarYear,
    Department,
    Matter,
    PeriodRule,
    Procuratorate,
    SupervisionKind,
    User,
)
from .sources import cited


class ReadOnlyAdmin(admin.ModelAdmin):
    """A history nobody edits from the admin: it can be read (by whoever holds the view
    permission, the audit administrator), never added to, changed or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Procuratorate)
class ProcuratorateAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "procuratorate", "juvenile"]
    list_filter = ["procuratorate", "juvenile"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, split by duty: the system administrator keeps identities and units, the security
    administrator assigns roles and permissions, and each change of role is audited."""

    list_display = ["username", "display_name", "role", "procuratorate", "department", "agency", "is_active"]
    list_select_related = ["procuratorate", "department__procuratorate", "agency"]
    list_filter = ["role", "procuratorate", "is_active"]
    search_fields = ["username", "display_name", "email"]
    IDENTITY = (None, {"fields": ["username", "password"]})
    PROFILE = (_("个人信息"), {"fields": ["display_name", "email"]})
    UNIT = (_("所属单位"), {"fields": ["procuratorate", "department", "agency", "is_active"]})
    SECURITY = (_("角色与权限"), {"fields": ["role", "groups", "user_permissions"]})

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ["username", "password1", "password2"]}),
                    self.PROFILE, self.UNIT)
        if request.user.is_superuser:
            return (self.IDENTITY, self.PROFILE, self.UNIT, self.SECURITY,
                    (_("超级用户"), {"fields": ["is_superuser", "is_staff", "last_login", "date_joined"]}))
        if request.user.role == Role.SECADMIN:
            return ((None, {"fields": ["username", "display_name", "procuratorate", "agency", "is_active"]}),
                    self.SECURITY)
        return (self.IDENTITY, self.PROFILE, self.UNIT)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return ["last_login", "date_joined"]
        if request.user.role == Role.SECADMIN:
            return ["username", "display_name", "procuratorate", "agency"]
        return []

    def save_model(self, request, obj, form, change) -> None:
        changed = set(form.changed_data) & {"role", "is_active", "groups", "user_permissions"}
        super().save_model(request, obj, form, change)
        if changed or not change:
            audit_record(actor=request.user, action="user_change" if change else "user_create",
                         target=obj, fields=",".join(sorted(changed)), role=obj.role)


@admin.register(SupervisionKind)
class SupervisionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "case_code", "order"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "parent", "source_cited"]
    list_select_related = ["kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en"]
    # The source is the developers' trace to the texts (supervision/sources.py): shown by
    # official title and article, never in its notation, and kept by the migrations.
    exclude = ["source"]
    readonly_fields = ["source_cited"]

    @admin.display(description=_("依据"))
    def source_cited(self, matter: Matter) -> str:
        return cited(matter.source)


@admin.register(PeriodRule)
class PeriodRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "amount", "unit", "legal_basis", "verified"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    date_hierarchy = "date"


admin.site.register(CalendarYear)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """Django admin's own change history, read-only for the audit administrator."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag"]
    list_select_related = ["user", "content_type"]
    list_filter = ["action_flag", "content_type"]


class AuditActionFilter(admin.SimpleListFilter):
    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        # The registered actions, not a DISTINCT over millions of rows.
        return [(a, f"{audit_labels.label(a)} ({a})") for a in sorted(audit_labels.LABELS)]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class AuditRoleFilter(admin.SimpleListFilter):
    title = _("角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(Role.choices)

    def queryset(self, request, queryset):
        return queryset.filter(role=self.value()) if self.value() else queryset


#: Why audit_verify stopped, as the audit administrator reads it.
BREAK_REASONS = {
    "changed": _("记录内容与其哈希不符，记录被修改"),
    "missing": _("前一条记录缺失，记录被删除"),
    "out_of_order": _("与前一条记录不衔接，记录被插入"),
    "head": _("链尾记录缺失，末尾记录被删除"),
}


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit administrator's view of the trail (issue 15): filter by time, action, role,
    person, object or address; export what the filter shows; check the chain now. Reading the
    trail and exporting it are themselves audited."""

    list_display = ["seq", "created_at", "actor", "role_label", "source_ip", "action_label",
                    "target_type", "target_id"]
    list_display_links = ["seq"]
    list_select_related = ["actor"]
    # No filter that needs a DISTINCT over the whole trail (millions of rows): the actions and
    # roles are known lists, objects are found by their id.
    list_filter = [("created_at", admin.DateFieldListFilter), AuditActionFilter, AuditRoleFilter]
    search_fields = ["=target_id", "=actor__username", "=source_ip", "action"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # the trail grows to millions of rows: no second COUNT
    list_per_page = 100
    fields = ["seq", "created_at", "actor", "role_label", "source_ip", "action_label",
              "target_type", "target_id", "data", "changes", "prev_hash", "hash"]
    readonly_fields = fields
    actions = None
    change_list_template = "admin/supervision/auditentry/change_list.html"
    EXPORT_LIMIT = 100_000

    @admin.display(description=_("角色"), ordering="role")
    def role_label(self, entry: AuditEntry) -> str:
        return Role(entry.role).label if entry.role in Role.values else entry.role

    @admin.display(description=_("操作"), ordering="action")
    def action_label(self, entry: AuditEntry) -> str:
        return f"{audit_labels.label(entry.action)} ({entry.action})"

    def get_urls(self):
        from django.urls import path

        return [
            path("export/", self.admin_site.admin_view(self.export_view),
                 name="supervision_auditentry_export"),
            path("verify/", self.admin_site.admin_view(self.verify_view),
                 name="supervision_auditentry_verify"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The entries the current filter shows (up to EXPORT_LIMIT), as XLSX."""
        from django.core.exceptions import PermissionDenied

        from supervision.exports import xlsx_response

        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        rows = (changelist.get_queryset(request).order_by("seq")
                .values_list("seq", "created_at", "actor__username", "role", "source_ip",
                             "action", "target_type", "target_id", "data", "changes", "hash")
                [:self.EXPORT_LIMIT])
        audit_record(actor=request.user, action="audit.exported", target=request.user,
                     filters=request.GET.urlencode())
        headers = [_("序号"), _("时间"), _("操作人"), _("角色"), _("来源地址"), _("操作"),
                   _("对象类型"), _("对象编号"), _("内容"), _("变更内容"), _("哈希")]
        return xlsx_response("audit", _("审计记录"), headers, (
            [seq, timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"), actor or "", role,
             ip or "", f"{audit_labels.label(action)} ({action})", ttype, tid, json.dumps(data, ensure_ascii=False),
             json.dumps(changes, ensure_ascii=False), digest]
            for seq, at, actor, role, ip, action, ttype, tid, data, changes, digest in rows))

    def verify_view(self, request):
        """Walk the chain now (POST) and say whether it holds, naming the first broken entry."""
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect

        from supervision.services.audit import audit_verify

        if not self.has_view_permission(request) or request.method != "POST":
            raise PermissionDenied
        result = audit_verify()
        if result.ok:
            messages.success(request, _("审计链完整：已校验 %(count)s 条记录，最后一条序号 %(seq)s。")
                             % {"count": result.checked, "seq": result.last_seq})
        else:
            messages.error(request, _("审计链断裂：第一条不完整的记录序号 %(seq)s（%(why)s）。")
                           % {"seq": result.broken.seq, "why": BREAK_REASONS[result.broken.reason]})
        return redirect("admin:supervision_auditentry_changelist")


@receiver(post_save, sender=LogEntry, dispatch_uid="supervision.admin_audit")
def _admin_change_to_audit(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    """What an administrator adds, changes or deletes in the admin — organisation, reference
    data, users — joins the audit trail, in the admin view's transaction (issue 15)."""
    if not created:
        return
    action = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}
    audit_record(actor=instance.user, action=action.get(instance.action_flag, "admin.logged"),
                 target=instance,
                 object=f"{instance.content_type.app_label}.{instance.content_type.model}"
                        f"#{instance.object_id}" if instance.content_type_id else "",
                 repr=instance.object_repr, message=instance.get_change_message())
