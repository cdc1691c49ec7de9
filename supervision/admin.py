from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

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
    list_display = ["name", "code", "procuratorate"]
    list_filter = ["procuratorate"]


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
    list_display = ["name", "name_en", "kind", "parent", "source"]
    list_select_related = ["kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en"]


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


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_select_related = ["actor"]
    list_filter = ["action"]
