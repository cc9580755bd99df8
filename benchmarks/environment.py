"""The benchmark's database, cache and settings, and a description of the machine it
runs on."""

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/oversight_bench"
# Redis, as in production. The dashboard benchmark empties this cache between requests,
# so it is never taken from CACHE_URL, which may name a cache that matters.
DEFAULT_CACHE_URL = "rediscache://127.0.0.1:6379/14"


def configure() -> str:
    """Point Django at the benchmark database (created if absent) and cache, set it up,
    and leave in the environment the production-like settings the benchmark's own
    server (`benchmarks.server`) inherits."""
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"The benchmarks need PostgreSQL; DATABASE_URL is {url}")
    # Production-like: DEBUG off, so Django does not keep every query in memory.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmarks-only-not-a-secret")
    os.environ.setdefault("CELERY_BROKER_URL", "")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL)
    # Plain HTTP on the loopback: in production TLS ends in front of the app.
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    # Unhashed static URLs: no `collectstatic` manifest needed; pages are the same size.
    os.environ.setdefault("STATIC_HASHED", "0")
    _create_database(url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url


def _create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def describe_machine() -> list[tuple[str, str]]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return [
        ("CPU", _cpu_model()),
        ("cores", str(os.cpu_count())),
        ("RAM", f"{_memory_gib():.1f} GiB"),
        ("OS", platform.platform()),
        ("PostgreSQL", postgres),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("load average (1, 5, 15 min)", ", ".join(f"{load:.2f}" for load in os.getloadavg())),
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
