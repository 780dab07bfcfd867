"""django-q's ``qcluster``, logging in English whatever LANGUAGE_CODE is.

django-q2 translates its log messages with the active language, which in a
management command is LANGUAGE_CODE (zh-hans): the worker's journal then
mixed Chinese lines from django-q with English ones from everything else.
Operators read one language in logs, so the cluster runs with English active.
Tasks that produce text for people (mail, exports) choose their language
themselves (``translation.override``), as they would in any worker.

Same name as django-q's command: ``core`` comes before ``django_q`` in
INSTALLED_APPS, so Django runs this one.
"""

from django.utils import translation
from django_q.management.commands.qcluster import Command as QClusterCommand


class Command(QClusterCommand):
    def handle(self, *args, **options):
        # activate, not override: the cluster's "stopping" and "stopped" lines
        # are logged by its signal handler after handle() has returned.
        translation.activate("en")
        return super().handle(*args, **options)
