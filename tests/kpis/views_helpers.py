"""Reading the pages the KPI views render, as a person would: errors next to fields, the
error summary, the figures' hidden versions."""

import html
import re

from django.urls import reverse


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def field_error(content: str, field_id: str) -> str:
    """The error message shown next to a field ('' when there is none)."""
    match = re.search(rf'<p id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', content, re.S)
    return _text(match.group(1)).removeprefix("Error: ") if match else ""


def summary_links(content: str) -> dict[str, str]:
    """The error summary: {field id: message}."""
    match = re.search(r'class="govuk-error-summary".*?</ul>', content, re.S)
    if not match:
        return {}
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', match.group(0), re.S)
    return {field_id: _text(message) for field_id, message in links}


def summary_text(content: str) -> str:
    match = re.search(r'class="govuk-error-summary".*?</ul>', content, re.S)
    return _text(match.group(0)) if match else ""


def input_value(content: str, name: str) -> str | None:
    """The value an input or textarea shows (None when there is no such field)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', content)
    if tag:
        value = re.search(r'value="([^"]*)"', tag.group(0))
        return html.unescape(value.group(1)) if value else ""
    area = re.search(
        rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', content, re.S
    )
    return html.unescape(area.group(1)).strip() if area else None


def row_data(kpi, value="", commentary="", numerator="", denominator="", version=""):
    prefix = f"kpi-{kpi.pk}-"
    return {
        f"{prefix}value": value,
        f"{prefix}numerator": numerator,
        f"{prefix}denominator": denominator,
        f"{prefix}commentary": commentary,
        f"{prefix}version": version,
    }


def return_url(contract, period: str) -> str:
    return reverse("kpis:return", args=[contract.reference, period])
