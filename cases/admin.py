from django.contrib import admin

from .models import CaseNumberFormat


@admin.register(CaseNumberFormat)
class CaseNumberFormatAdmin(admin.ModelAdmin):
    """The system administrator sets each procuratorate's 案号 pattern here."""

    list_display = ["procuratorate", "pattern"]
    search_fields = ["procuratorate__name", "procuratorate__short_name"]
