from django.contrib import admin

from .models import InstrumentType


@admin.register(InstrumentType)
class InstrumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "number_code", "period_rule", "requires_reply",
                    "order"]
