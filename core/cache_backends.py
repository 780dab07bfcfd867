"""A file cache that stays bounded without listing its folder on every write.

Django's FileBasedCache lists every file of its folder on each set() to see
whether MAX_ENTRIES is reached (its _cull). With the tens of thousands of
entries the site needs (fragments of 500 drug pages in three languages), that
listing costs more than the render it saves. Here each process counts its own
writes and checks the folder every CHECK_EVERY sets instead (and at its first
set), so the folder can exceed MAX_ENTRIES by at most CHECK_EVERY entries per
worker before it is culled back below.
"""

from django.core.cache.backends.filebased import FileBasedCache


class BoundedFileCache(FileBasedCache):
    CHECK_EVERY = 100

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._sets_since_check = self.CHECK_EVERY

    def _cull(self):
        self._sets_since_check += 1
        if self._sets_since_check < self.CHECK_EVERY:
            return
        self._sets_since_check = 0
        super()._cull()

    def entry_count(self) -> int:
        return len(self._list_cache_files())
