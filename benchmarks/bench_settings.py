"""Settings of the benchmark's gunicorn (`benchmarks.server`): Oversight's own, from the
same environment, with a URLconf that adds the bare baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
