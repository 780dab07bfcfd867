"""The task worker runs the project's own work and nothing else.

django-q runs whatever dotted path a Schedule row names (``builtins.exec``
with code in its arguments is a Schedule like any other), and calls a
task's ``hook`` when its result is saved. Whoever could write a Schedule
could run code in the worker, and from there reach every process that
reads what the worker writes. So every task is checked as it is queued
(django-q's ``pre_enqueue`` signal, which runs in the scheduler of the
cluster for schedules and in the web process for ``async_task``), and one
that is not the project's own is replaced by :func:`refused` before it is
signed and queued: it fails, visibly, as a Failure, and runs nothing.

A task is the project's own when it is

- exactly a registered schedule: the func, arguments and keyword arguments
  of a spec in core/schedules.py or a feature's ``Feature.schedules``
  (``django.core.management.call_command`` only with ``'publish_scheduled'``,
  never with another command), or
- a call of a function a feature registered in ``Feature.tasks``, with any
  arguments (they come from the project's own code: ``async_task`` calls);

and it has no hook (the project uses none).

The django-q admin is read-only as well (core/admin.py): no one adds or
edits a schedule or resubmits a task from /django-admin/.
"""

import ast
import logging

from django.dispatch import receiver
from django_q.signals import pre_enqueue
from django_q.utils import get_func_repr

from core import plugins

logger = logging.getLogger(__name__)


class RefusedTask(RuntimeError):
    pass


def refused(func_name: str) -> None:
    """What a refused task runs instead: nothing, then a failure that says why."""
    raise RefusedTask(f"refused: {func_name!r} is not one of the project's registered tasks")


def _literal(text, default):
    if not text:
        return default
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return None  # matches no task


def _schedule_calls() -> list[tuple[str, tuple, dict]]:
    from core.schedules import SCHEDULES

    calls = []
    for spec in [*SCHEDULES, *plugins.schedule_specs()]:
        args = _literal(spec.get("args"), ())
        if args is not None and not isinstance(args, tuple):
            args = (args,)  # as django-q's scheduler reads a single value
        keywords = _literal(spec.get("kwargs"), {})
        if isinstance(keywords, dict):
            # django-q takes a schedule's q_options as the task's options (save,
            # timeout...), not as arguments of the call: the queued task lacks them.
            keywords = {k: v for k, v in keywords.items() if k != "q_options"}
        calls.append((spec["func"], args, keywords))
    return calls


def is_allowed(func, args=(), kwargs=None, hook=None) -> bool:
    if hook:
        return False
    name = func if isinstance(func, str) else get_func_repr(func)
    if name in plugins.task_functions():
        return True
    return (name, tuple(args or ()), dict(kwargs or {})) in _schedule_calls()


@receiver(pre_enqueue)
def refuse_unregistered_tasks(sender, task, **kwargs):
    func, args, keywords, hook = task.get("func"), task.get("args"), task.get("kwargs"), task.get("hook")
    if is_allowed(func, args, keywords, hook):
        return
    name = func if isinstance(func, str) else get_func_repr(func)
    logger.error("task queue: refused %r (group %r): not a registered task", name, task.get("group"))
    task["func"] = "core.task_guard.refused"
    task["args"] = (str(name),)
    task["kwargs"] = {}
    task.pop("hook", None)
