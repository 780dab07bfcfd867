from .cache import CacheGeneration  # noqa: F401
from .pages import BasePage, HomePage, with_listing_images  # noqa: F401
from .registry import Community, GridUnit, School  # noqa: F401
from .settings import FooterLink, SiteSettings  # noqa: F401
