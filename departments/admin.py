from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from departments.models import DepartmentPeriod, Membership, Staff, StaffYear, Unit, UnitEvent, User


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
    list_display = ["code", "name", "kind", "display_order", "valid_from", "valid_to", "is_demo"]
    list_filter = ["kind", "active", "is_demo"]
    search_fields = ["code", "name"]
    # Created, renamed, merged, split, dissolved only through the reorganisation services (the
    # `reorganise` command), which record the event and move the people.
    readonly_fields = ["valid_from", "valid_to"]


@admin.register(DepartmentPeriod)
class DepartmentPeriodAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "valid_to", "governing_body", "name", "abbreviation", "place_name"]


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "decision_number", "old_name", "new_name"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    # Read-only: a move goes through departments.services.staff_move (Staff.unit follows it).
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["unit", "starts_on", "ends_on"]

    def has_add_permission(self, request, obj=None):
        return False


class StaffYearInline(admin.TabularInline):
    model = StaffYear
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "unit", "position", "is_leader", "employment_type", "left_on"]
    list_filter = ["unit", "is_leader", "employment_type"]
    search_fields = ["code", "full_name"]
    inlines = [MembershipInline, StaffYearInline]

    def get_readonly_fields(self, request, obj=None):
        # The unit and the dates drive the person's memberships: changed on the staff page (services).
        return ["unit", "recruited_on", "left_on"] if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            Membership.objects.create(
                staff=obj, unit=obj.unit, starts_on=obj.recruited_on, ends_on=obj.left_on
            )
