"""Oversight served by gunicorn, as in production, for the benchmarks that time requests,
and a client that signs its requests in with a session cookie."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "benchmarks.bench_settings"
HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def command(port: int, workers: int = 1) -> list[str]:
    """Production's worker class (docs/deployment.md); one worker by default: the
    dashboard benchmark sends requests one at a time, and one process means one warm-up.
    The load test runs production's two."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--chdir={ROOT}",
    ]


@contextmanager
def gunicorn(workers: int = 1) -> Iterator[int]:
    """Run gunicorn on a free loopback port with this process's environment (see
    `environment.configure`) and the benchmark's settings; yield the port. The server is
    stopped on the way out, whatever happens."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command(port, workers), env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_serving(process, port, log)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(process: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"gunicorn stopped:\n{log.read().decode()[-3000:]}")
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise SystemExit(f"gunicorn did not answer /healthz within {START_TIMEOUT_SECONDS} s")


class SignedInClient:
    """GETs carrying a session cookie, on one HTTP/1.1 connection. gunicorn's sync
    worker closes the connection after each response, so each request opens a new
    loopback connection (http.client reconnects by itself)."""

    def __init__(self, port: int, cookie: str):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Cookie": cookie}

    def get(self, path: str) -> bytes:
        """The body of a 200 response; anything else stops the benchmark (a redirect
        to sign in would time the wrong page)."""
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status} {response.reason}")
        return body

    def close(self) -> None:
        self.connection.close()
