import tempfile

import pytest


@pytest.fixture(autouse=True)
def _easy_proof_of_work(settings):
    # A few hundred hashes instead of tens of thousands: the scheme is the same.
    settings.TIPS_POW_BITS = 8


@pytest.fixture(autouse=True)
def _own_temp_dir(tmp_path, monkeypatch, settings):
    """Each tips test gets a temp folder of its own for what the site writes
    there (uploads being read, Python's temp files), so the canary checks
    (tests/tips/test_crypto.py's files_dump) read what the code under test
    wrote and nothing else on the machine, wherever the project is cloned."""
    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    settings.FILE_UPLOAD_TEMP_DIR = str(own)
