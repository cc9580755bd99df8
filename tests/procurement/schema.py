"""Every export is checked against the schema of what Oversight emits."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator

import procurement

SCHEMA_PATH = Path(procurement.__file__).parent / "schema" / "release-package.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(package: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in VALIDATOR.iter_errors(package)
    ]


def assert_valid(package: dict) -> None:
    errors = schema_errors(package)
    assert not errors, "\n".join(errors)
