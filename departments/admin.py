from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from departments.models import Staff, StaffYear, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_filter = [
        "is_secretary",
        "is_standing_office",
        "is_council_member",
        "is_initiative_council",
        "is_director",
        "is_superuser",
    ]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Roles"),
            {
                "fields": [
                    "unit",
                    "is_secretary",
                    "is_standing_office",
                    "is_council_member",
                    "is_initiative_council",
                    "is_director",
                ]
            },
        ),
    ]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "display_order", "active", "is_demo"]
    list_filter = ["kind", "active", "is_demo"]
    search_fields = ["code", "name"]


class StaffYearInline(admin.TabularInline):
    model = StaffYear
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "unit", "position", "is_leader", "employment_type", "left_on"]
    list_filter = ["unit", "is_leader", "employment_type"]
    search_fields = ["code", "full_name"]
    inlines = [StaffYearInline]
