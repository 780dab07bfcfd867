"""A file cache for generated demo media, keyed by what makes the file.

Full-size posters and PDF leaflets take seconds to make; the test suite loads
the demo several times. Each file is stored under a hash of its inputs, in a
folder named after the code that draws it (this package's drawing modules and
core/pdf.py), so a change to the drawing makes fresh files and the folders of
older code are removed. Without ``settings.DEMO_CACHE_DIR`` nothing is cached.
"""

import hashlib
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings

_SOURCES = ["illustrations.py", "posters.py", "leaflets.py", "cache.py"]


@cache
def _code_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in _SOURCES), Path(settings.BASE_DIR) / "core" / "pdf.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _folder() -> Path | None:
    root = getattr(settings, "DEMO_CACHE_DIR", None)
    if not root:
        return None
    root = Path(root)
    folder = root / _code_version()
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for old in root.iterdir():
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)
    return folder


def cached(kind: str, inputs, make, *args) -> bytes:
    """``make(*args)``'s bytes, from the cache when the same ``inputs`` made them before."""
    folder = _folder()
    if folder is None:
        return make(*args)
    key = hashlib.sha256(repr((kind, inputs)).encode()).hexdigest()[:32]
    path = folder / f"{kind}-{key}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = make(*args)
    # Written aside and renamed, so a parallel load never reads half a file.
    fd, tmp = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
    return data
