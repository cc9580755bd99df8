"""Timing, the `bench …` lines and docs/performance.md.

Each benchmark owns one section of docs/performance.md, between the markers
`<!-- bench:<key> -->` and `<!-- /bench:<key> -->`, and rewrites only that section."""

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter

PERFORMANCE_MD = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
INTRO = """# Performance

Figures measured by `make bench` (`python -m benchmarks`, PostgreSQL from
`DATABASE_URL`). Each comparison is measured side by side in the same run, on the
machine described in its section; times are medians of several warm runs. Each section
is rewritten by the benchmark that measures it.
"""


@dataclass(frozen=True)
class Contender:
    run: Callable[[], object]
    prepare: Callable[[], object] = lambda: None


def side_by_side(contenders: dict[str, Contender], *, runs: int, warm_up: int = 1):
    """Median wall-clock seconds of each contender over `runs` rounds. Within a round
    each runs once, in turn, after its untimed `prepare`, so that a change in the
    machine's load touches all of them alike; `warm_up` untimed rounds first."""
    samples = {name: [] for name in contenders}
    for round_number in range(runs + warm_up):
        for name, contender in contenders.items():
            contender.prepare()
            start = perf_counter()
            contender.run()
            if round_number >= warm_up:
                samples[name].append(perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


@dataclass(frozen=True)
class Measure:
    name: str
    value: float
    unit: str
    meaning: str = ""


@dataclass(frozen=True)
class Ratio:
    name: str
    baseline: str
    value: float
    meaning: str = ""


@dataclass
class Section:
    key: str
    title: str
    description: str
    measures: list[Measure] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    setup: list[tuple[str, str]] = field(default_factory=list)  # added to "Measured on"
    tables: list[str] = field(default_factory=list)  # more Markdown, after the figures

    def lines(self) -> list[str]:
        return [f"bench {m.name}: {_number(m.value)} {m.unit}" for m in self.measures] + [
            f"bench {r.name}/{r.baseline}: {_ratio(r.value)}x" for r in self.ratios
        ]

    def markdown(self, machine: list[tuple[str, str]]) -> str:
        rows = [
            f"| `{m.name}` | {_number(m.value)} {m.unit} | {m.meaning} |" for m in self.measures
        ]
        rows += [
            f"| `{r.name}/{r.baseline}` | {_ratio(r.value)}x | {r.meaning} |" for r in self.ratios
        ]
        about = [f"| {name} | {value} |" for name, value in [*machine, *self.setup]]
        return "\n".join(
            [
                f"## {self.title}",
                "",
                self.description.strip(),
                "",
                "| figure | value | what it is |",
                "| --- | --- | --- |",
                *rows,
                "",
                *(f"{table}\n" for table in self.tables),
                "Measured on:",
                "",
                "| | |",
                "| --- | --- |",
                *about,
            ]
        )


def _number(value: float) -> str:
    """Counts as they are; three significant figures (5.00, 13.7, 0.250); whole numbers
    from 100 up."""
    if isinstance(value, int):
        return str(value)
    return f"{value:#.3g}" if abs(value) < 100 else f"{value:.0f}"


def _ratio(value: float) -> str:
    """One decimal place; two significant figures below 1 (0.35, 0.042)."""
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def write_section(section: Section, machine: list[tuple[str, str]]) -> Path:
    """Replace (or append) the section's block in docs/performance.md."""
    start, end = f"<!-- bench:{section.key} -->", f"<!-- /bench:{section.key} -->"
    block = f"{start}\n{section.markdown(machine)}\n{end}"
    text = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else INTRO
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    PERFORMANCE_MD.write_text(text)
    return PERFORMANCE_MD
