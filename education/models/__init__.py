from .drugs import DrugIndexPage, DrugPage  # noqa: F401
from .news import NewsIndexPage, NewsPage, NewsPageTag  # noqa: F401
from .pages import (  # noqa: F401
    ArticlePage,
    HelpPage,
    MaterialItem,
    MaterialLibraryPage,
    SectionPage,
)
