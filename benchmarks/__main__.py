"""`python -m benchmarks`: see the package docstring. Takes a few minutes."""

import argparse
import sys
from time import perf_counter

from . import environment

# In this order: the others add contracts (and remove them).
BENCHMARKS = ("recompute", "dashboard", "uploads", "packs", "scale_out", "load")


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "benchmarks",
        nargs="*",
        metavar="benchmark",
        help=f"which to run: {', '.join(BENCHMARKS)} (default: all)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (≥ 3)")
    parser.add_argument(
        "--naive-runs", type=int, default=3, help="timed runs of the slow per-row loop"
    )
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests of each dashboard figure"
    )
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="length of each load-test run (60–90)"
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="keep the benchmark data already in the database (generated if absent)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave docs/performance.md alone"
    )
    args = parser.parse_args(argv)
    if args.runs < 3 or args.naive_runs < 1 or args.requests < 3:
        parser.error("--runs and --requests must be at least 3 and --naive-runs at least 1")
    if not 10 <= args.load_seconds <= 90:
        parser.error("--load-seconds must be between 10 and 90")
    unknown = set(args.benchmarks) - set(BENCHMARKS)
    if unknown:
        parser.error(f"no benchmark called {', '.join(sorted(unknown))}")
    args.benchmarks = args.benchmarks or list(BENCHMARKS)
    return args


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv=None) -> None:
    args = parse(argv)
    url = environment.configure()
    from . import closing, dashboard, data, load, packs, recompute, report, uploads

    say(f"benchmark database: {url.rsplit('@', 1)[-1]}")
    if not (args.reuse_data and data.generated()):
        started = perf_counter()
        data.reset()
        figures = data.generate()
        say(f"generated {figures} figures in {perf_counter() - started:.0f} s")
    runners = {
        "recompute": lambda: recompute.run(runs=args.runs, naive_runs=args.naive_runs),
        "dashboard": lambda: dashboard.run(requests=args.requests),
        "uploads": lambda: uploads.run(runs=args.runs),
        "packs": lambda: packs.run(runs=args.runs),
        "scale_out": lambda: closing.run(runs=args.runs),
        "load": lambda: load.run(seconds=args.load_seconds),
    }
    for name in BENCHMARKS:
        if name not in args.benchmarks:
            continue
        section = runners[name]()
        for line in section.lines():
            print(line, flush=True)
        if not args.no_write:
            path = report.write_section(section, environment.describe_machine())
            say(f"wrote the {name} section of {path}")


if __name__ == "__main__":
    main()
