"""Formats the notices' identifiers must have: an organisation's identifier in its
scheme, a UK postcode, an OCDS contracting process identifier (OCID). Pure functions:
the models' validators and the forms call them."""

import re

from django.core.exceptions import ValidationError

from .choices import IdentifierScheme

IDENTIFIER_FORMATS = {
    # A PPON as the central digital platform itself matches it (cabinetoffice/
    # GCGS-Central-Digital-Platform, the organisation search: `^[A-Z]{4}-\d{4}-[A-Z]{4}$`),
    # e.g. PMZV-7732-XXTT.
    IdentifierScheme.PPON: (
        r"^[A-Z]{4}-\d{4}-[A-Z]{4}$",
        "four letters, four digits and four letters, e.g. PMZV-7732-XXTT",
    ),
    # Eight digits, or a two-letter prefix (SC Scotland, NI Northern Ireland, OC LLP…) and six.
    IdentifierScheme.COMPANIES_HOUSE: (
        r"^(\d{8}|[A-Z]{2}\d{6})$",
        "8 digits, or 2 letters and 6 digits, e.g. 01234567 or SC123456",
    ),
    IdentifierScheme.CHARITY_COMMISSION: (
        r"^\d{6,7}(-\d{1,2})?$",
        "a 6 or 7 digit charity number, e.g. 1123456",
    ),
    IdentifierScheme.LOCAL_AUTHORITY_ENGLAND: (
        r"^[A-Z]{3,4}$",
        "the council's 3 or 4 letter register code, e.g. BIR",
    ),
    IdentifierScheme.LOCAL_AUTHORITY_WALES: (
        r"^[A-Z]{3,4}$",
        "the council's 3 or 4 letter register code, e.g. CRF",
    ),
    IdentifierScheme.LEARNING_PROVIDER: (r"^1\d{7}$", "8 digits starting with 1, e.g. 10001234"),
}

# Outward code (area, district) and inward code (sector, unit); GIR 0AA is Girobank's.
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?|GIR) ?(\d[A-Z]{2})$")
# OCDS: "ocds-" and the publisher's six-character prefix, then the process's own part.
OCID_RE = re.compile(r"^ocds-[a-z0-9]{6}-\S+$")


def clean_identifier(scheme: str, identifier: str) -> str:
    """The identifier, trimmed and upper-cased; ValidationError naming the format."""
    value = identifier.strip().upper()
    pattern, example = IDENTIFIER_FORMATS[IdentifierScheme(scheme)]
    if not re.match(pattern, value):
        raise ValidationError(
            f"Enter a {IdentifierScheme(scheme).label} identifier as {example}.",
            code="identifier_format",
        )
    return value


def normalise_postcode(text: str) -> str:
    """“sw1a1aa” → “SW1A 1AA”; ValidationError when it is not a UK postcode."""
    squeezed = re.sub(r"\s+", "", text).upper()
    match = _POSTCODE_RE.match(squeezed)
    if not match:
        raise ValidationError("Enter a UK postcode, for example SW1A 1AA.", code="postcode_format")
    return f"{match.group(1)} {match.group(2)}"


def validate_ocid(text: str) -> None:
    if not OCID_RE.match(text):
        raise ValidationError(
            "Enter the OCID as the platform shows it: “ocds-”, the six-character "
            "prefix, a hyphen and the procurement's own part, e.g. ocds-h6vhtk-04f1a2.",
            code="ocid_format",
        )
