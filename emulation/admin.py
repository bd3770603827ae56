from django.contrib import admin

from emulation.models import BaseSalary, BonusRate, Campaign, Deadline, Phase, RewardCriteria, Target, Title


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "subject",
        "category",
        "decided_by",
        "certificate",
        "display_order",
        "active",
    ]
    list_filter = ["subject", "category", "decided_by", "active"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "regime", "document_profile", "closed"]
    inlines = [PhaseInline, DeadlineInline, TargetInline]


# Reference data the administrator keeps. Duplicate or overlapping periods are refused by the models'
# constraints (validated by the admin's forms) with their Vietnamese messages.
@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


@admin.register(BonusRate)
class BonusRateAdmin(admin.ModelAdmin):
    list_display = ["title", "regime", "subject", "coefficient", "legal_basis"]
    list_filter = ["regime", "subject"]


@admin.register(RewardCriteria)
class RewardCriteriaAdmin(admin.ModelAdmin):
    list_display = ["title", "subject", "valid_from", "decision_number"]
    list_filter = ["title", "subject"]
