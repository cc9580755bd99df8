"""Tamper evidence: every file of a published pack is stored with its SHA-256, and
`verify_version` recomputes them from storage."""

import hashlib
from dataclasses import dataclass

CHUNK = 1024 * 1024


def bytes_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_sha256(field_file) -> str:
    """The SHA-256 of a stored file, read from its storage in chunks."""
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileProblem:
    name: str
    problem: str  # "missing" or "changed"

    def __str__(self):
        return f"{self.name}: {self.problem}"


def stored_files(version) -> list[tuple[object, str]]:
    """Each stored file of a version with the hash recorded at publication."""
    files = [(version.pdf, version.sha256), (version.html, version.html_sha256)]
    if version.exempt_pdf:
        files.append((version.exempt_pdf, version.exempt_sha256))
    return files


def verify_version(version) -> list[FileProblem]:
    """The files of a version that are missing or no longer match their hash."""
    problems = []
    for field_file, expected in stored_files(version):
        if not field_file.storage.exists(field_file.name):
            problems.append(FileProblem(field_file.name, "missing"))
        elif stored_sha256(field_file) != expected:
            problems.append(FileProblem(field_file.name, "changed since publication"))
    return problems
