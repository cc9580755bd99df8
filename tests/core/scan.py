"""Reads the project's own source, for tests that prove a rule holds in every file."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "tests", "migrations", "static", "node_modules", "benchmarks"}
# Modules another part of issue 11 rewrites (the shared history engine, the minutes links
# that become panels); they come under the rule when that lands.
PENDING: set[str] = set()


def _sources(suffix: str):
    for path in sorted(ROOT.rglob(f"*{suffix}")):
        relative = path.relative_to(ROOT)
        if not SKIPPED.intersection(relative.parts) and str(relative) not in PENDING:
            yield str(relative), path.read_text()


def offenders(python: str, templates: str, *, allowed: set[str]) -> list[str]:
    """“path:line: text” for every line of Python matching `python` or of a template
    matching `templates`, outside the `allowed` files."""
    found = []
    for suffix, pattern in ((".py", python), (".html", templates), (".txt", templates)):
        for relative, text in _sources(suffix):
            if relative in allowed:
                continue
            for number, line in enumerate(text.splitlines(), 1):
                if re.search(pattern, line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found
