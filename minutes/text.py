"""Minutes are typed as plain text; this turns them into safe HTML.

Everything typed is escaped first, so no HTML from the user reaches the page. Blocks
separated by a blank line become paragraphs; lines starting "- " or "* " become a
bulleted list.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-*]\s+")
BLANK_LINES = re.compile(r"\n\s*\n")


def _runs(lines: list[str]):
    """Consecutive lines grouped by whether they are bullets: (is_bullet, [lines])."""
    runs: list[tuple[bool, list[str]]] = []
    for line in lines:
        is_bullet = bool(BULLET.match(line))
        if not runs or runs[-1][0] != is_bullet:
            runs.append((is_bullet, []))
        runs[-1][1].append(BULLET.sub("", line) if is_bullet else line.strip())
    return runs


def _block_html(block: str) -> str:
    parts = []
    for is_bullet, lines in _runs([line for line in block.splitlines() if line.strip()]):
        if is_bullet:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            parts.append(f'<p class="govuk-body">{"<br>".join(escape(x) for x in lines)}</p>')
    return "".join(parts)


def render_minutes(text: str) -> SafeString:
    text = (text or "").replace("\r\n", "\n").strip()
    blocks = [_block_html(block) for block in BLANK_LINES.split(text)] if text else []
    # Safe: every piece of the user's text went through escape() in _block_html.
    return mark_safe("\n".join(blocks))  # noqa: S308
