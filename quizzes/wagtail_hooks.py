"""Admin registration only (docs/architecture.md, "Conventions")."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from quizzes.models import Question, Quiz, TeacherProfile


class QuestionIndexView(IndexView):
    """The question listing with spreadsheet export and import (quizzes/bank_io.py)."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm("quizzes.add_question") and user.has_perm("quizzes.change_question"):
            for file_format, label in (("csv", _("Export CSV")), ("xlsx", _("Export XLSX"))):
                buttons.append(HeaderButton(label, url=reverse("quizzes_admin:bank_export", args=(file_format,)),
                                            icon_name="download", priority=20))
            buttons.append(HeaderButton(_("Import"), url=reverse("quizzes_admin:bank_import"), icon_name="upload",
                                        priority=30))
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    index_view_class = QuestionIndexView
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


class TeacherProfileViewSet(SnippetViewSet):
    """Who teaches where: a user in the Teachers group sees only this school's classes and runs."""

    model = TeacherProfile
    icon = "user"
    list_display = ["user", "school"]
    list_filter = ["school"]


class QuizBankViewSetGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuizViewSet, TeacherProfileViewSet)
    menu_icon = "tasks"
    menu_label = _("Quiz bank")
    menu_name = "quiz-bank"
    menu_order = 260


register_snippet(QuizBankViewSetGroup)


# ---------------------------------------------------------------- teachers: classes, runs, results
@hooks.register("register_admin_urls")
def register_teacher_urls():
    return [path("quizzes/", include("quizzes.admin_urls", namespace="quizzes_admin"))]


class TeacherMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("quizzes.view_quizrun")


@hooks.register("register_admin_menu_item")
def register_teacher_menu_item():
    return TeacherMenuItem(_("Class quizzes"), reverse("quizzes_admin:index"), icon_name="group", order=255)


class RollupMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("quizzes.view_rollup")


@hooks.register("register_admin_menu_item")
def register_rollup_menu_item():
    return RollupMenuItem(_("Quiz roll-ups"), reverse("quizzes_admin:rollup"), icon_name="table", order=256)
