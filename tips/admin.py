"""Authenticator devices in /django-admin/: who has one, never its secret.

django-otp's own admin shows each TOTP device's key and a QR code of it, and
lets a superuser add a device with a key of their choosing for any user: a
superuser would hold the second factor of every officer. Here a device can
be listed (user, name, confirmed, when last used) and deleted, so that an
officer who lost the phone can set up a new one at the next unlock
(tips/otp.py); it cannot be added, edited or read.
"""

import django_otp.plugins.otp_totp.admin  # noqa: F401 - registers its admin first, to be replaced
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice


class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
