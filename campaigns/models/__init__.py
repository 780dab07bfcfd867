from .events import Event, OutreachReport, ReportPhoto  # noqa: F401
from .keydates import KeyDate, Occurrence  # noqa: F401
from .pages import CampaignIndexPage, CampaignMaterial, CampaignPage  # noqa: F401
from .planning import ReminderSent  # noqa: F401
