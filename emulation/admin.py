from django.contrib import admin

from emulation.models import Campaign, Deadline, Phase, Target, Title


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subject", "category", "decided_by", "display_order", "active"]
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
