"""Background work for quizzes (django-q runs these; quizzes/schedules.py says when)."""

from datetime import timedelta

from django.utils import timezone

from quizzes.models import Attempt, QuizRun
from quizzes.models.runs import GRACE
from quizzes.services import finish_attempt


def finalise_overdue(now=None) -> int:
    """Mark every unfinished attempt past its deadline and close runs past
    their closing time. Safe to run twice: a finished attempt keeps its result."""
    now = now or timezone.now()
    overdue = list(Attempt.objects.filter(finished_at__isnull=True, deadline__lt=now - GRACE)
                   .values_list("pk", flat=True))
    for pk in overdue:
        finish_attempt(pk, now=now)
    QuizRun.objects.filter(closed=False, closes_at__lte=now).update(closed=True)
    return len(overdue)


FILES_KEPT = timedelta(days=1)


def make_file(job_id: int) -> None:
    """Make a FileJob's file (django-q runs this; a teacher's page polls the row).

    Progress is written to the job row as it goes, so the page can show a bar."""
    from django.conf import settings
    from django.utils import translation

    from quizzes import certificates, exports
    from quizzes.models import FileJob

    # Made files name students: keep each for a day, long enough to download it.
    FileJob.objects.filter(created_at__lt=timezone.now() - FILES_KEPT).delete()
    job = FileJob.objects.select_related("run__quiz", "run__class_group__school").get(pk=job_id)
    if job.state == FileJob.State.DONE:
        return
    FileJob.objects.filter(pk=job.pk).update(state=FileJob.State.RUNNING, done=0)

    def progress(done):
        FileJob.objects.filter(pk=job.pk).update(done=done)

    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if job.kind == FileJob.Kind.CERTIFICATES:
                issued = certificates.issue_for_run(job.run)
                FileJob.objects.filter(pk=job.pk).update(total=len(issued))
                content = certificates.render(issued, job.base_url, progress)
                filename = f"quiz-run-{job.run_id}-certificates.pdf"
            else:
                content = exports.run_xlsx(job.run, job.masked, progress,
                                           total=lambda n: FileJob.objects.filter(pk=job.pk).update(total=n))
                filename = f"quiz-run-{job.run_id}.xlsx"
    except Exception:
        FileJob.objects.filter(pk=job.pk).update(state=FileJob.State.FAILED, finished_at=timezone.now())
        raise
    FileJob.objects.filter(pk=job.pk).update(state=FileJob.State.DONE, content=content, filename=filename,
                                             finished_at=timezone.now())
