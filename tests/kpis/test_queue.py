"""Queueing by name works in a process that never imported the task modules (a web
process, a command), not only in a worker, which imports them when it starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpis import queue

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """
import sys
import django
django.setup()
from kpis import queue
for name in sys.argv[1:]:
    print(queue._task(name).name)
"""


@pytest.mark.parametrize(
    "name", [queue.RECOMPUTE_STATUSES, queue.VALIDATE_UPLOAD, queue.COMMIT_UPLOAD]
)
def test_a_task_is_found_by_name_in_a_fresh_process(name):
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}

    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, name],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (done.returncode, done.stdout.strip()) == (0, name), done.stderr[-500:]
