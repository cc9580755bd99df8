import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "oversight.example.gov.uk",
    "DATABASE_URL": "sqlite:////tmp/oversight-check.sqlite3",
}


def run_manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in _TEST_OVERRIDES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# Variables the test run sets (pyproject [tool.pytest.ini_options] env) that would
# otherwise leak into the "production" subprocess.
_TEST_OVERRIDES = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STATIC_HASHED",
    "WHITENOISE_USE_FINDERS",
}


def test_it_passes_the_deployment_checklist_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_seed_demo_refuses_to_run_with_debug_off_unless_forced():
    result = run_manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "passwords are public" in result.stderr


def test_production_settings_are_strict(settings):
    from django.conf import settings as live

    assert live.TIME_ZONE == "Europe/London"
    assert live.CELERY_TIMEZONE == "Europe/London"
    assert live.LANGUAGE_CODE == "en-gb"
    assert live.USE_TZ
    assert live.SESSION_COOKIE_AGE == 30 * 60
    assert live.SESSION_SAVE_EVERY_REQUEST
    assert live.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
    assert live.SILENCED_SYSTEM_CHECKS == ["security.W021"]
    policy = live.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy["script-src"] == ["'self'"]
    assert not any("unsafe-eval" in v for values in policy.values() for v in values)
