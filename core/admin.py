"""The task queue in /django-admin/, to look at only.

django-q's own admin lets a superuser add or edit a Schedule (any dotted
path, with any arguments, run by the worker) and resubmit any task: code
execution for whoever holds an admin password. Here every django-q model
can be listed and read, and nothing more: the schedules are created from
the code (core/schedules.py), and the worker refuses anything else
(core/task_guard.py).
"""

import django_q.admin as q_admin
from django.contrib import admin
from django_q.models import Failure, OrmQ, Schedule, Success


class ReadOnly:
    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScheduleAdmin(ReadOnly, q_admin.ScheduleAdmin):
    pass


class SuccessAdmin(ReadOnly, q_admin.TaskAdmin):
    pass


class FailureAdmin(ReadOnly, q_admin.FailAdmin):
    pass


class QueueAdmin(ReadOnly, q_admin.QueueAdmin):
    pass


for model, model_admin in ((Schedule, ScheduleAdmin), (Success, SuccessAdmin), (Failure, FailureAdmin),
                           (OrmQ, QueueAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
