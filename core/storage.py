"""Static files as deployed: whitenoise's compressed, hashed ("manifest") storage."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Remembers each file's hashed URL for the life of the process.

    The manifest is read once at start and never changes while the process
    runs, yet Django works the hashed name out again at every ``{% static %}``
    (splitting, unquoting, joining): seven times per page, a tenth of an
    uncached page's render. A new deployment starts new processes, which read
    the new manifest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict = {}

    def url(self, name, force=False):
        key = (name, force)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name, force)
        return found
