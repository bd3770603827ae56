from django.contrib import admin

from notifications.models import MessageTemplate, Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = ["recipient", "kind", "subject", "text", "link", "created_at", "read_at"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject", "updated_at", "updated_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The log: read only (a reminder sent cannot be unsent)."""

    list_display = ["sent_at", "unit", "deadline", "days_before", "recipient", "email"]
    list_filter = ["days_before"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
