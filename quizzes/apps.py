"""School quizzes: question bank, runs with a join code, attempts, statistics."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from core.plugins import Feature, register

        register(
            Feature(
                app_label="quizzes",
                stylesheets=["css/quizzes.css"],
                # /quiz/?code=123456 from the classroom QR code fills in the code.
                query_params=["code"],
                urls="quizzes.urls",
                privacy="quizzes.privacy.section",
                demo="quizzes.demo.load",
                schedules="quizzes.schedules.SCHEDULES",
                # The exports and certificates a teacher asks for (quizzes/admin_views.py).
                tasks=["quizzes.tasks.make_file"],
                # The bank and the quizzes' settings show on the practice
                # pages, and the answering views keep them per process until
                # they change (quizzes/services.py). Runs, attempts and answers
                # (saved every few seconds in a class) must not make every
                # cached page stale. No quiz page is ever cached.
                public_models=("Question", "QuestionTag", "Choice", "Quiz", "DrawRule", "FixedQuestion"),
            )
        )
