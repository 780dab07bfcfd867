from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    FILL_IN = "fill_in", _("Fill in the blank")


class GradeBand(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior middle school")
    SENIOR = "senior", _("Senior high school")
    VOCATIONAL = "vocational", _("Vocational school")


class ReviewPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Right after finishing")
    AFTER_CLOSE = "after_close", _("After the run closes")
    NEVER = "never", _("Never")


class StudentNaming(models.TextChoices):
    NUMBERED = "numbered", _("Class number")
    NICKNAME = "nickname", _("Nickname")


class Leaderboard(models.TextChoices):
    OFF = "off", _("Off")
    ANONYMOUS = "anonymous", _("Anonymous (masked names)")
    NAMED = "named", _("Class numbers or nicknames")
