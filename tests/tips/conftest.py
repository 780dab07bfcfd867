import pytest


@pytest.fixture(autouse=True)
def _easy_proof_of_work(settings):
    # A few hundred hashes instead of tens of thousands: the scheme is the same.
    settings.TIPS_POW_BITS = 8
