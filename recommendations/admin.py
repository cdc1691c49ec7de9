from django.contrib import admin

from .models import InstrumentType


@admin.register(InstrumentType)
class InstrumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "number_code", "period_rule", "requires_reply",
                    "approval_level", "requires_urgency_reason", "order"]
    list_filter = ["approval_level", "requires_urgency_reason"]
