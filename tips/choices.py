from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DEALING = "dealing", _("Drug dealing")
    USE_VENUE = "use_venue", _("A place where drugs are used")
    MANUFACTURING = "manufacturing", _("Making or growing drugs")
    ONLINE = "online", _("Online or parcel sales")
    PRECURSORS = "precursors", _("Precursor chemicals")
    DRUG_DRIVING = "drug_driving", _("Driving under drugs")
    OTHER = "other", _("Something else")


class Status(models.TextChoices):
    """The police workflow (the Chinese names are the ones police use)."""

    RECEIVED = "received", _("Received")  # 已受理
    CHECKING = "checking", _("Being checked")  # 核查中
    CASE_OPENED = "case_opened", _("Case opened")  # 已立案
    SOLVED = "solved", _("Case solved")  # 已破案
    NOT_CREDIBLE = "not_credible", _("Not credible")  # 不予采信
    CLOSED = "closed", _("Closed")  # 已关闭


# What the tipster sees: coarse, so that the status page reveals as little as
# possible to whoever else might hold the receipt.
TIPSTER_STATUS = {
    Status.RECEIVED: _("Received"),
    Status.CHECKING: _("Being checked"),
    Status.CASE_OPENED: _("Acted on"),
    Status.SOLVED: _("Acted on"),
    Status.NOT_CREDIBLE: _("Closed"),
    Status.CLOSED: _("Closed"),
}
CLOSED_STATUSES = (Status.NOT_CREDIBLE, Status.CLOSED)


class Author(models.TextChoices):
    TIPSTER = "tipster", _("Tipster")
    POLICE = "police", _("Police")
    # Police-only: never shown on the tipster's status page.
    NOTE = "note", _("Police note")
