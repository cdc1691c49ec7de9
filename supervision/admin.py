from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (AuditEntry, CalendarDay, CalendarYear, Department, Matter, PeriodRule,
                     Procuratorate, SupervisionKind, User)


@admin.register(Procuratorate)
class ProcuratorateAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "parent"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "procuratorate"]
    list_filter = ["procuratorate"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "procuratorate", "department", "agency", "is_active"]
    list_filter = ["role", "procuratorate", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("机构与角色"), {"fields": ["display_name", "role", "procuratorate", "department", "agency"]}),
    )


@admin.register(SupervisionKind)
class SupervisionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "case_code", "order"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "source"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(PeriodRule)
class PeriodRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "amount", "unit", "legal_basis", "verified"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    date_hierarchy = "date"


admin.site.register(CalendarYear)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
