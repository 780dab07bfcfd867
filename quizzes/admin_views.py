"""The teacher's side in the Wagtail admin: their school's classes, runs and results.

Every query goes through ``scope()``: a teacher sees their own school only (a
run of another school is a 404, as if it did not exist); a superuser sees all.
Staff without a teacher profile have no school here: 403. Files about a run
(exports, certificates) answer 403 for another school's run instead
(``run_for_files``), as the quiz spec asks: a refusal, not a missing page.
"""

import logging
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from redis.exceptions import RedisError

from core.models import School
from quizzes import certificates
from quizzes.choices import Leaderboard, StudentNaming
from quizzes.exports import XLSX_TYPE, csv_response, run_rows_count, run_xlsx, student_rows
from quizzes.forms import clean_name
from quizzes.leaderboard import leaderboard
from quizzes.models import (
    Answer,
    Attempt,
    AttemptDeletion,
    ClassGroup,
    FileJob,
    Quiz,
    QuizRun,
    TeacherProfile,
)
from quizzes.models.runs import GRACE, LAST_COMPULSORY_GRADE, named_leaderboard_allowed
from quizzes.results import run_results
from quizzes.retention import retention as retention_period
from quizzes.services import RenumberRefused, finish_attempt, remove_unanswered, renumber, seat_clashes

logger = logging.getLogger(__name__)


def teacher_school(user):
    """The school whose classes ``user`` manages; None for a superuser (every school)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser:
        return None
    profile = TeacherProfile.objects.select_related("school").filter(user=user).first()
    if profile is None or not user.has_perm("quizzes.view_quizrun"):
        raise PermissionDenied
    return profile.school


def scope(user):
    """(school or None, classes, runs) that ``user`` may see."""
    school = teacher_school(user)
    classes = ClassGroup.objects.select_related("school")
    runs = QuizRun.objects.select_related("quiz", "class_group__school")
    if school is not None:
        classes = classes.filter(school=school)
        runs = runs.filter(class_group__school=school)
    return school, classes, runs


class ClassGroupForm(forms.ModelForm):
    class Meta:
        model = ClassGroup
        fields = ["school", "grade", "name", "enrolled"]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            # A teacher adds classes to their own school only.
            self.fields["school"].queryset = School.objects.filter(pk=school.pk)
            self.fields["school"].initial = school
            self.fields["school"].disabled = True


class RunForm(forms.ModelForm):
    minutes_open = forms.IntegerField(
        label=gettext_lazy("Open for (minutes)"), min_value=5, max_value=60 * 24 * 14, initial=45,
        help_text=gettext_lazy("Students answer from the start time for this long."),
    )

    class Meta:
        model = QuizRun
        fields = ["quiz", "class_group", "opens_at", "naming", "leaderboard", "campaign"]
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_group"].queryset = classes
        self.fields["quiz"].queryset = Quiz.objects.filter(is_practice=False)
        self.fields["opens_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        # Joining is open from now: a class that joins while it waits spares
        # the server a whole school joining in the same seconds (issue 15).
        self.fields["opens_at"].label = gettext_lazy("Starts at")
        self.fields["opens_at"].help_text = gettext_lazy(
            "Students can join as soon as you save, and wait for this minute: then every paper opens together. "
            "Set it a few minutes ahead and show the code meanwhile.")
        self.fields["naming"].initial = StudentNaming.NUMBERED
        self.fields["naming"].help_text = gettext_lazy(
            "Class numbers are the default: nothing about a student but a number. With nicknames, students are "
            "told not to type their real name; a 7-digit number (a phone or ID number) is refused.")
        self.fields["leaderboard"].choices = [("", gettext_lazy("As the quiz says")),
                                              *self.fields["leaderboard"].choices[1:]]
        # One campaign page per language exists; runs point at the default language's.
        from wagtail.models import Locale

        self.fields["campaign"].queryset = (self.fields["campaign"].queryset
                                            .filter(locale=Locale.get_default()).order_by("-year", "title"))

    def clean(self):
        cleaned = super().clean()
        group, quiz = cleaned.get("class_group"), cleaned.get("quiz")
        if group is None or quiz is None or named_leaderboard_allowed(group):
            return cleaned
        chosen = cleaned.get("leaderboard")
        if chosen == Leaderboard.NAMED:
            self.add_error("leaderboard", named_leaderboard_refused(group))
        elif not chosen and quiz.leaderboard == Leaderboard.NAMED:
            self.add_error("leaderboard", _(
                "This quiz shows a leaderboard with class numbers or nicknames, which a class of grades 1–%(last)s "
                "may not have: choose Anonymous or Off."
            ) % {"last": LAST_COMPULSORY_GRADE})
        return cleaned

    def save(self, commit=True):
        run = super().save(commit=False)
        run.closes_at = run.opens_at + timedelta(minutes=self.cleaned_data["minutes_open"])
        if commit:
            run.save()
        return run


def named_leaderboard_refused(group) -> str:
    return _(
        "Primary and junior middle classes (grades 1–%(last)s) may not have a leaderboard with class numbers or "
        "nicknames: the Ministry of Education forbids publishing the scores and rankings of students in "
        "compulsory education. Choose Anonymous or Off for %(class)s."
    ) % {"last": LAST_COMPULSORY_GRADE, "class": group}


def _render(request, template, title, context, status=200):
    context = {"page_title": title, "header_title": title, **context}
    return TemplateResponse(request, template, context, status=status)


def index(request):
    school, classes, runs = scope(request.user)
    now = timezone.now()
    return _render(request, "quizzes/admin/index.html", _("Class quizzes"), {
        "school": school, "classes": classes, "open_runs": [r for r in runs if not r.is_over(now)],
        "past_runs": [r for r in runs if r.is_over(now)][:50],
    })


def class_edit(request, pk=None):
    school, classes, _runs = scope(request.user)
    instance = get_object_or_404(classes, pk=pk) if pk else None
    form = ClassGroupForm(request.POST or None, instance=instance, school=school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Class saved."))
        return redirect("quizzes_admin:index")
    title = _("Edit class") if instance else _("Add a class")
    return _render(request, "quizzes/admin/form.html", title, {"form": form}, status=400 if form.errors else 200)


def run_add(request):
    school, classes, _runs = scope(request.user)
    form = RunForm(request.POST or None, classes=classes)
    if request.method == "POST" and form.is_valid():
        run = form.save(commit=False)
        run.teacher = request.user
        run.save()
        messages.success(request, _("Quiz opened. Show the join code to the class."))
        return redirect("quizzes_admin:run", run.pk)
    return _render(request, "quizzes/admin/form.html", _("Open a quiz for a class"), {"form": form},
                   status=400 if form.errors else 200)


def run_detail(request, pk):
    _school, _classes, runs = scope(request.user)
    run = get_object_or_404(runs, pk=pk)
    join_path = reverse("quizzes:join") + f"?code={run.join_code}"
    return _render(request, "quizzes/admin/run.html", str(run.quiz), {
        "run": run, "results": run_results(run), "leaderboard": leaderboard(run), "join_url": request.build_absolute_uri(join_path),
        "join_path": join_path, "is_open": run.is_open(), "is_over": run.is_over(),
        "deletions": run.deletions.all(),
        "named_refused": (run.leaderboard or run.quiz.leaderboard) == Leaderboard.NAMED
        and not named_leaderboard_allowed(run.class_group),
        "clashes": (clashes := clash_rows(run)), "clash_names": {c["name"] for c in clashes},
        "numbered": run.naming == StudentNaming.NUMBERED,
    })


def clash_rows(run) -> list[dict]:
    """The names two or more students joined with, each with those students
    as the teacher tells them apart: when they joined, how far they are."""
    clashes = seat_clashes(run)
    attempt_ids = [a.pk for students in clashes.values() for a in students]
    answered = dict(Answer.objects.filter(attempt_id__in=attempt_ids).order_by().values_list("attempt_id")
                    .annotate(n=Count("question_id", distinct=True)).values_list("attempt_id", "n"))
    return [{"name": name, "students": [{"attempt": a, "answered": answered.get(a.pk, 0), "first": i == 0}
                                        for i, a in enumerate(students)]}
            for name, students in clashes.items()]


@require_POST
def attempt_renumber(request, pk, attempt_pk):
    """The teacher settles a clash: the student behind this attempt gets the
    number (or nickname) they should have typed."""
    _school, _classes, runs = scope(request.user)
    run = get_object_or_404(runs, pk=pk)
    attempt = get_object_or_404(Attempt.objects.select_related("run"), pk=attempt_pk, run=run)
    new_name = clean_name(request.POST.get("name", ""))
    try:
        renumber(attempt, new_name)
    except RenumberRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(old)s is now %(new)s.") % {"old": attempt.display_name, "new": new_name})
    return redirect(reverse("quizzes_admin:run", args=(run.pk,)) + "#clashes")


@require_POST
def attempt_remove(request, pk, attempt_pk):
    """The teacher settles a clash that was one student on two devices: the
    attempt with no answers goes."""
    _school, _classes, runs = scope(request.user)
    run = get_object_or_404(runs, pk=pk)
    attempt = get_object_or_404(Attempt.objects.select_related("run"), pk=attempt_pk, run=run)
    if remove_unanswered(attempt):
        messages.success(request, _("The extra attempt of %(name)s was removed.") % {"name": attempt.display_name})
    else:
        messages.error(request, _("Only an attempt with no answers, of a number two students used, can be removed."))
    return redirect(reverse("quizzes_admin:run", args=(run.pk,)) + "#clashes")


def run_sheet(request, pk):
    """A printable page for the classroom: the code, the address and the QR code."""
    _school, _classes, runs = scope(request.user)
    run = get_object_or_404(runs, pk=pk)
    join_path = reverse("quizzes:join") + f"?code={run.join_code}"
    return TemplateResponse(request, "quizzes/admin/join_sheet.html", {
        "run": run, "join_path": join_path, "join_url": request.build_absolute_uri(reverse("quizzes:join")),
    })


def answering_now(run, now=None) -> int:
    """Students of ``run`` still answering: started, not handed in, time not up."""
    now = now or timezone.now()
    return run.attempts.filter(finished_at__isnull=True, deadline__gte=now - GRACE).count()


@require_POST
def run_close(request, pk):
    """Close a run now. While students are answering, the teacher is first
    asked to confirm, and told how many: closing hands in their papers as
    they stand."""
    _school, _classes, runs = scope(request.user)
    run = get_object_or_404(runs, pk=pk)
    answering = answering_now(run) if not run.is_over() else 0
    if answering and request.POST.get("confirm") != "1":
        return _render(request, "quizzes/admin/run_close.html", _("Close this quiz now?"), {
            "run": run, "answering": answering,
        })
    run.closed = True
    run.closes_at = min(run.closes_at, timezone.now())
    run.save(update_fields=["closed", "closes_at"])
    for attempt_id in run.attempts.filter(finished_at__isnull=True).values_list("pk", flat=True):
        finish_attempt(attempt_id)
    messages.success(request, _("The quiz is closed. Students who had not finished are marked as they stand."))
    return redirect("quizzes_admin:run", run.pk)


@require_http_methods(["GET", "POST"])
def attempt_delete(request, pk):
    """Delete one student's attempt when the student or a parent asks: a
    confirmation page first, then the attempt, its answers and certificate
    go, and the deletion is recorded (who, when, which run and seat; never
    the nickname). Files already made for the run (exports, certificates,
    kept a day) go too: they may name the student."""
    _school, _classes, runs = scope(request.user)
    attempt = get_object_or_404(Attempt.objects.select_related("run__quiz", "run__class_group__school")
                                .filter(run__in=runs), pk=pk)
    run = attempt.run
    if request.method == "POST":
        seat = attempt.display_name if run.naming == StudentNaming.NUMBERED else ""
        with transaction.atomic():
            AttemptDeletion.objects.create(
                run=run, seat=seat, attempt_number=attempt.number, attempt_id_deleted=attempt.pk,
                deleted_by=request.user, deleted_by_name=request.user.get_username(),
            )
            attempt.delete()
            FileJob.objects.filter(run=run).delete()
        messages.success(request, _("The attempt and its answers are deleted. The deletion is recorded below."))
        return redirect("quizzes_admin:run", run.pk)
    return _render(request, "quizzes/admin/attempt_delete.html", _("Delete this attempt?"), {
        "attempt": attempt, "run": run, "answering": not attempt.is_finished and attempt.accepts_answers(),
    })


def guide(request):
    """The teacher's guide (docs/teachers-guide.md), as a page of the admin."""
    teacher_school(request.user)
    month, day, days = retention_period()
    year_end = date(2001, month, day)  # any year without 29 February
    return _render(request, "quizzes/admin/guide.html", _("Teacher's guide"), {"retention": {
        "year_end": year_end, "days": days, "kept_until": year_end + timedelta(days=days),
        "next_year_from": year_end + timedelta(days=1),
    }})


def run_for_files(user, pk):
    """(school or None, the run) for an export or certificates: another school's run is 403."""
    school = teacher_school(user)
    run = get_object_or_404(QuizRun.objects.select_related("quiz", "class_group__school"), pk=pk)
    if school is not None and run.class_group.school_id != school.pk:
        raise PermissionDenied
    return school, run


def refuse_with_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard;
    files of another school's run answer a plain 403 with a message instead."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _render(request, "quizzes/admin/refused.html", _("Not your school"), {}, status=403)

    return wrapped


# Up to these sizes a file is made while the teacher waits; bigger ones go to
# a django-q task with a progress page (settings may change them).
def sync_limit(kind) -> int:
    if kind == FileJob.Kind.CERTIFICATES:
        return getattr(settings, "QUIZ_SYNC_CERTIFICATES", 40)
    return getattr(settings, "QUIZ_SYNC_EXPORT_ROWS", 5000)


def _file_response(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _start_job(request, run, kind, masked):
    from django.utils.translation import get_language
    from django_q.tasks import async_task

    from quizzes.tasks import make_file

    job = FileJob.objects.create(kind=kind, run=run, requested_by=request.user, masked=masked,
                                 base_url=request.build_absolute_uri("/"), language=get_language() or "")
    try:
        async_task("quizzes.tasks.make_file", job.pk, task_name=f"quiz-file-{job.pk}")
    except RedisError:
        # The queue is in Redis (REDIS_URL) and Redis is down: make the file
        # while the teacher waits, as for a small one. An outage costs time,
        # never the export (docs/architecture.md, "Background work").
        logger.warning("task queue unreachable: file job %s made in the web process", job.pk)
        make_file(job.pk)
    return redirect("quizzes_admin:job", job.pk)


@refuse_with_403
def run_export(request, pk, file_format):
    """A run's results: its own school's teachers see the names as typed, others masked."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    school, run = run_for_files(request.user, pk)
    # The school's own teachers know their students; anyone else reads masked names.
    masked = school is None
    name = f"quiz-run-{run.pk}"
    if file_format == "csv":
        return csv_response(f"{name}.csv", *student_rows(run, masked))
    if run_rows_count(run) > sync_limit(FileJob.Kind.XLSX):
        return _start_job(request, run, FileJob.Kind.XLSX, masked)
    return _file_response(run_xlsx(run, masked), XLSX_TYPE, f"{name}.xlsx")


@refuse_with_403
def run_certificates(request, pk):
    """The class's certificates as one PDF for printing, one page per passing student."""
    _school, run = run_for_files(request.user, pk)
    if not run.quiz.certificate_on_pass:
        raise Http404
    passing = [a for a in Attempt.objects.filter(run=run, finished_at__isnull=False).select_related("quiz")
               if a.passed()]
    if len(passing) > sync_limit(FileJob.Kind.CERTIFICATES):
        return _start_job(request, run, FileJob.Kind.CERTIFICATES, masked=False)
    issued = certificates.issue_for_run(run)
    content = certificates.render(issued, request.build_absolute_uri("/"))
    return _file_response(content, "application/pdf", f"quiz-run-{run.pk}-certificates.pdf")


def _job_for(user, pk):
    job = get_object_or_404(FileJob.objects.select_related("run__class_group__school", "run__quiz"), pk=pk)
    run_for_files(user, job.run_id)
    return job


@refuse_with_403
def job(request, pk):
    """A file being made: a progress bar that refreshes itself (a meta refresh, no script)."""
    job = _job_for(request.user, pk)
    response = _render(request, "quizzes/admin/job.html", job.get_kind_display(), {
        "job": job, "run": job.run, "finished": job.state in (FileJob.State.DONE, FileJob.State.FAILED),
    })
    return response


@refuse_with_403
def job_download(request, pk):
    job = _job_for(request.user, pk)
    if job.state != FileJob.State.DONE:
        raise Http404
    content_type = "application/pdf" if job.kind == FileJob.Kind.CERTIFICATES else XLSX_TYPE
    return _file_response(bytes(job.content), content_type, job.filename)


def _rollup_filters(request):
    """(quizzes, quiz or None, campaigns, campaign or None) from the query string."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    quizzes = Quiz.objects.filter(is_practice=False).order_by("title")
    campaigns = CampaignPage.objects.filter(locale=Locale.get_default()).order_by("-year", "title")
    quiz_id, campaign_id = request.GET.get("quiz", ""), request.GET.get("campaign", "")
    quiz = quizzes.filter(pk=quiz_id).first() if quiz_id.isdigit() else None
    campaign = campaigns.filter(pk=campaign_id).first() if campaign_id.isdigit() else None
    return quizzes, quiz, campaigns, campaign


def _may_read_rollups(user) -> bool:
    return user.is_superuser or user.has_perm("quizzes.view_rollup")


def rollup(request):
    """Every school's and community's indicators and the subdistrict's, for one quiz, one campaign or all."""
    from quizzes import rollups

    if not _may_read_rollups(request.user):
        raise PermissionDenied
    quizzes, quiz, campaigns, campaign = _rollup_filters(request)
    figures = rollups.subdistrict(quiz, campaign)
    rows, total = figures["schools"], figures["total"]
    if request.GET.get("format") == "csv":
        header = [_("School"), _("Enrolled"), _("Participants"), _("Participation"), _("Average"), _("Pass rate"),
                  _("Excellent rate"), _("Full-mark rate"), _("More than enrolled (check)")]
        lines = [[row["entry"].name, row["enrolled"], row["counted"], row["participation"], row["average"],
                  row["pass_rate"], row["excellent_rate"], row["full_mark_rate"], row["extra"]] for row in rows]
        lines.append([_("Subdistrict"), total["enrolled"], total["counted"], total["participation"],
                      total["average"], total["pass_rate"], total["excellent_rate"], total["full_mark_rate"],
                      total["extra"]])
        return csv_response("quiz-rollup.csv", header, lines)
    return _render(request, "quizzes/admin/rollup.html", _("Quiz roll-ups"), {
        "rows": rows, "communities": figures["communities"], "total": total, "quizzes": quizzes, "quiz": quiz,
        "campaigns": campaigns, "campaign": campaign,
    })


@refuse_with_403
def rollup_school(request, pk):
    """One school's classes and a participation chart: for the office, and for that school's teachers."""
    from quizzes import rollups

    school = get_object_or_404(School, pk=pk)
    if not _may_read_rollups(request.user) and teacher_school(request.user) != school:
        raise PermissionDenied
    quizzes, quiz, campaigns, campaign = _rollup_filters(request)
    figures = rollups.school_classes(school, quiz, campaign)
    return _render(request, "quizzes/admin/rollup_school.html", school.display_name, {
        "school": school, "rows": figures["classes"], "total": figures["total"], "chart": figures["chart"],
        "quizzes": quizzes, "quiz": quiz, "campaigns": campaigns, "campaign": campaign,
    })


# ---------------------------------------------------------------- the question bank as a spreadsheet
def _may_edit_bank(user) -> bool:
    return user.has_perm("quizzes.add_question") and user.has_perm("quizzes.change_question")


def bank_export(request, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    if not _may_edit_bank(request.user):
        raise PermissionDenied
    from quizzes.bank_io import QuestionImporter

    return QuestionImporter().export_response(file_format)


def bank_import(request):
    if not _may_edit_bank(request.user):
        raise PermissionDenied
    from core.importing import ImportFileError, ImportForm
    from quizzes.bank_io import QuestionImporter

    importer = QuestionImporter()
    form = ImportForm(request.POST or None, request.FILES or None)
    result, file_error, status = None, "", 200
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.import_file(form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        except ImportFileError as error:
            file_error, status = str(error), 400
        else:
            status = 200 if result.ok else 400
    return _render(request, "quizzes/admin/bank_import.html", _("Import questions"), {
        "form": form, "result": result, "file_error": file_error, "columns": importer.columns,
        "dry_run": form.cleaned_data.get("dry_run") if form.is_bound and form.is_valid() else False,
    }, status=status)
