"""A file cache that stays bounded without listing its folder on every write,
and that stores data, never pickles.

Django's FileBasedCache lists every file of its folder on each set() to see
whether MAX_ENTRIES is reached (its _cull). With the tens of thousands of
entries the site needs (fragments of 500 drug pages in three languages), that
listing costs more than the render it saves. Here each process counts its own
writes and checks the folder every CHECK_EVERY sets instead (and at its first
set), so the folder can exceed MAX_ENTRIES by at most CHECK_EVERY entries per
worker before it is culled back below.

Django's FileBasedCache also pickles the expiry and the value, and every web
worker unpickles what any process (the task worker too) wrote in the folder.
Here a file is a header line (a format mark and the expiry) and the value
compressed in core/cache_serializer.py's data-only format; a file of any
other shape is a miss, deleted unread.
"""

import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

from core import cache_serializer

MAGIC = b"jdb-cache-1 "


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

    # ------------------------------------------------------------ data, not pickles
    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        data = zlib.compress(cache_serializer.dumps(value))  # TypeError before anything is written
        file.write(MAGIC + (b"-" if expiry is None else repr(float(expiry)).encode()) + b"\n")
        file.write(data)

    def _read_value(self, f):
        try:
            return cache_serializer.loads(zlib.decompress(f.read()))
        except (zlib.error, cache_serializer.NotData):
            return _MISSING

    def _is_expired(self, f):
        line = f.readline(64)
        expiry = line[len(MAGIC):].strip()
        try:
            expired = not line.startswith(MAGIC) or (expiry != b"-" and float(expiry) < time.time())
        except ValueError:
            expired = True
        if expired:
            f.close()
            self._delete(f.name)
        return expired

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    value = self._read_value(f)
                    if value is not _MISSING:
                        return value
                    f.close()
                    self._delete(fname)
        except FileNotFoundError:
            pass
        return default

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    value = self._read_value(f)
                    if value is _MISSING:
                        return False
                    f.seek(0)
                    self._write_content(f, timeout, value)
                    f.truncate()
                    return True
                finally:
                    if not f.closed:
                        locks.unlock(f)
        except FileNotFoundError:
            return False


_MISSING = object()
