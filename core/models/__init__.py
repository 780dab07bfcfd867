from .pages import BasePage, HomePage  # noqa: F401
from .settings import FooterLink, SiteSettings  # noqa: F401
