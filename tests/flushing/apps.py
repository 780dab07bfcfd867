from django.apps import AppConfig


class FlushingConfig(AppConfig):
    """Installed by config.settings.test only: the test runner's flush between
    transactional tests may empty the append-only audit log, and nothing else may."""

    name = "tests.flushing"
    label = "tests_flushing"
