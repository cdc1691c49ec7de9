from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "supervising_procuratorate", "superior_authority"]
    list_filter = ["agency_type", "supervising_procuratorate"]
    search_fields = ["name"]
