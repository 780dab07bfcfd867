"""CI stops with a clear message when PostgreSQL or Redis never comes up."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WAIT = ROOT / ".ci" / "wait-for-services"


def fake_tools(tmp_path, postgres_up: bool, redis_up: bool) -> dict:
    """pg_isready and redis-cli stand-ins that answer as told."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, up in (("pg_isready", postgres_up), ("redis-cli", redis_up)):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\nexit {0 if up else 1}\n")
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CI_SERVICE_WAIT": "1"}


@pytest.mark.parametrize(
    ("postgres_up", "redis_up", "message"),
    [(False, True, "PostgreSQL is not answering"), (True, False, "Redis is not answering")],
)
def test_missing_service_fails_with_a_message(tmp_path, postgres_up, redis_up, message):
    result = subprocess.run(
        [str(WAIT)], env=fake_tools(tmp_path, postgres_up, redis_up), capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert message in result.stderr


def test_services_up_pass(tmp_path):
    result = subprocess.run([str(WAIT)], env=fake_tools(tmp_path, True, True), capture_output=True, timeout=30)
    assert result.returncode == 0


def test_ci_run_waits_for_services_and_reads_the_database_url():
    script = (ROOT / ".ci" / "run").read_text()
    assert ".ci/wait-for-services" in script
    assert 'DATABASE_URL="$CI_DATABASE_URL"' in script
    assert "postgres://postgres@127.0.0.1:5432/test" in script
