from .keydates import KeyDate, Occurrence  # noqa: F401
