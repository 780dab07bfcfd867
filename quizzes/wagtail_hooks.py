"""Admin registration only (STYLE.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes.models import Question, Quiz


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["stem", "kind", "grade_band", "difficulty", "source", BooleanColumn("active", label=_("active"))]
    list_filter = ["kind", "grade_band", "difficulty", "active"]
    search_fields = ["stem", "source"]
    ordering = ["pk"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    list_display = ["title", "time_limit_minutes", "pass_mark", "review_policy",
                    BooleanColumn("is_practice", label=_("public practice"))]
    search_fields = ["title", "title_en"]


class QuizBankViewSetGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuizViewSet)
    menu_icon = "tasks"
    menu_label = _("Quiz bank")
    menu_name = "quiz-bank"
    menu_order = 260


register_snippet(QuizBankViewSetGroup)
