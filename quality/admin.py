"""The checklist is configuration: the system administrator keeps it in the admin (reviews
themselves are case content, which the administrators do not read — issue 15 — so they are
not registered here)."""

from django.contrib import admin

from .models import ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "group", "applies_to", "key", "active"]
    list_display_links = ["code", "name"]
    list_filter = ["group", "applies_to", "key", "active"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["order", "pk"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # An item answered by a review stays (its results refer to it): make it inactive.
        return False
