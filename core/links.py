"""Addresses written where there is no request to build them from: e-mails sent by tasks,
and documents made by commands."""

from django.conf import settings


def site_url(path: str) -> str:
    """`path` on the site as people reach it (the `SITE_URL` setting)."""
    return settings.SITE_URL.rstrip("/") + path
