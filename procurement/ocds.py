"""An assessment as the central digital platform takes it: an OCDS 1.1 release package
with the metrics, performance failures and UK extensions (docs/procurement-act.md,
"The notice's data"). Pure: the records come in already read (`procurement.notices`),
a dict goes out; `schema/release-package.schema.json` says exactly what it may hold and
the tests check every export against it.

Dates in OCDS are moments: a day is written as its start (or, for the end of a period,
its last second) in London time."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from core.periods import Month
from kpis.choices import Unit

from .choices import ApprovalStatus, Rating

OCDS_VERSION = "1.1"
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures_extension/master/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]
# releaseTag codelist: "new information on the implementation of a contracting process".
RELEASE_TAG = "implementation"
DAY_END = time(23, 59, 59)


class NoticeIncomplete(ValueError):
    """The contract lacks what a notice must name (reg. 39(4)); the message says what."""


def release_package(assessment, *, breaches=(), published_at: datetime, uri: str) -> dict:
    """The assessment's contract performance notice (UK9) as a release package.

    `assessment` comes with its contract, the contract's procurement details (buyer),
    the supplier's party and its ratings with their KPIs and targets; `breaches` are the
    approved breach notices to report with it."""
    details, supplier = notice_parties(assessment.contract)
    buyer = details.buyer
    release = {
        "ocid": details.ocid,
        "id": f"{details.ocid}-uk9-{assessment.pk}-{release_stage(assessment)}",
        "date": moment(_release_date(assessment, published_at)),
        "tag": [RELEASE_TAG],
        "initiationType": "tender",
        "language": "en",
        "parties": [_party(buyer, "buyer"), _party(supplier, "supplier")],
        "buyer": _reference(buyer),
        "awards": [{"id": details.contract_identifier, "suppliers": [_reference(supplier)]}],
        "contracts": [_contract(assessment, details, supplier, breaches)],
    }
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": moment(published_at),
        "publisher": {"name": buyer.legal_name},
        "extensions": list(EXTENSIONS),
        "releases": [release],
    }


def notice_parties(contract):
    """The contract's procurement details and its supplier's party, or NoticeIncomplete."""
    details = getattr(contract, "procurement", None)
    if details is None:
        raise NoticeIncomplete(
            f"{contract.reference} has no procurement details yet: enter its value, OCID "
            "and authority before exporting a notice."
        )
    supplier = getattr(contract.supplier, "party", None)
    if supplier is None:
        raise NoticeIncomplete(
            f"{contract.supplier} has no identifier and address yet: enter the supplier's "
            "details before exporting a notice."
        )
    return details, supplier


def release_stage(assessment) -> str:
    """Where the assessment stands, so each state's release has its own stable id."""
    if assessment.status == ApprovalStatus.APPROVED and is_published(assessment):
        return "published"
    return assessment.status


def is_published(assessment) -> bool:
    return bool(assessment.notice_id and assessment.notice_published_on)


def _release_date(assessment, published_at: datetime) -> datetime:
    if assessment.status == ApprovalStatus.APPROVED:
        return assessment.approved_at
    if assessment.status == ApprovalStatus.SUBMITTED:
        return assessment.submitted_at
    return published_at


def moment(value: datetime) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def day_start(day: date) -> str:
    return _local(day, time.min)


def day_end(day: date) -> str:
    return _local(day, DAY_END)


def _local(day: date, at: time) -> str:
    return datetime.combine(day, at, timezone.get_default_timezone()).isoformat()


def months_period(start: Month, end: Month) -> dict:
    return {"startDate": day_start(start.first_day), "endDate": day_end(end.last_day)}


def _party(party, role: str) -> dict:
    address = {
        "streetAddress": party.street_address,
        "locality": party.locality,
        "postalCode": party.postal_code,
        "countryName": party.country_name,
    }
    result = {
        "id": party.ocds_id,
        "name": party.legal_name,
        "identifier": {
            "scheme": party.identifier_scheme,
            "id": party.identifier_id,
            "legalName": party.legal_name,
        },
        "address": {key: value for key, value in address.items() if value},
        "roles": [role],
    }
    if party.email:
        result["contactPoint"] = {"email": party.email}
    return result


def _reference(party) -> dict:
    return {"id": party.ocds_id, "name": party.legal_name}


def _contract(assessment, details, supplier, breaches) -> dict:
    ratings = list(assessment.ratings.all())
    contract = {
        "id": details.contract_identifier,
        "awardID": details.contract_identifier,
        "title": details.procurement_title,
        "value": money(details.value),
        "aboveThreshold": details.above_threshold,
    }
    if ratings:
        contract["agreedMetrics"] = [_agreed_metric(r.kpi, assessment.end_month) for r in ratings]
    else:
        contract["noAgreedMetricsRationale"] = details.no_metrics_rationale or (
            "No key performance indicators were published for this contract."
        )
    contract["implementation"] = _implementation(assessment, ratings, supplier, breaches)
    return contract


def money(amount: Decimal) -> dict:
    return {"amount": number(amount), "currency": "GBP"}


def number(value: Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers without a fraction (95, not 95.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _with_description(kpi, fields: dict) -> dict:
    if kpi.description.strip():
        fields["description"] = kpi.description.strip()
    return fields


def target_in_force(kpi, month: Month):
    """The KPI's target version in force in the month (None: no target yet)."""
    versions = [t for t in kpi.targets.all() if t.effective_from <= month.first_day]
    return max(versions, key=lambda t: t.effective_from, default=None)


def _agreed_metric(kpi, month: Month) -> dict:
    observation = {"id": f"{kpi.code}-target"}
    version = target_in_force(kpi, month)
    if version is None or version.target is None:
        observation["notes"] = "No target is set."
    else:
        observation["measure"] = _measure(version.target, kpi)
        observation["unit"] = {"name": kpi.get_unit_display()}
        observation["notes"] = _target_notes(version, kpi)
    metric = {"id": kpi.code, "title": kpi.name}
    return _with_description(kpi, metric) | {"observations": [observation]}


def _measure(value: Decimal, kpi):
    if kpi.unit == Unit.YES_NO:
        return "yes" if value == 1 else "no"
    return number(value)


def _target_notes(version, kpi) -> str:
    parts = [f"Target from {Month.from_date(version.effective_from).label}"]
    if version.minimum is not None and kpi.unit != Unit.YES_NO:
        parts.append(f"minimum service level {number(version.minimum)}")
    parts.append(kpi.get_polarity_display().lower())
    return ", ".join(parts) + "."


def _implementation(assessment, ratings, supplier, breaches) -> dict:
    implementation = {}
    if ratings:
        implementation["metrics"] = [_assessed_metric(assessment, r) for r in ratings]
    failures = [_performance_failure(b, supplier) for b in breaches]
    if failures:
        implementation["performanceFailures"] = failures
    if assessment.status == ApprovalStatus.APPROVED and is_published(assessment):
        implementation["documents"] = [
            {
                "id": assessment.notice_id,
                "documentType": "implementationNotice",
                "noticeType": "UK9",
                "datePublished": day_start(assessment.notice_published_on),
            }
        ]
    return implementation


def _assessed_metric(assessment, rating) -> dict:
    kpi = rating.kpi
    classification = Rating(rating.rating)
    observation = {
        "id": f"{kpi.code}-{assessment.start_month}-{assessment.end_month}",
        "period": months_period(assessment.start_month, assessment.end_month),
        "measureClassification": {
            "id": classification.value,
            "description": classification.description,
        },
    }
    notes = rating_notes(rating)
    if notes:
        observation["notes"] = notes
    metric = {"id": kpi.code, "title": kpi.name}
    return _with_description(kpi, metric) | {"observations": [observation]}


def rating_notes(rating) -> str:
    """What the notice says beside a rating: the explanation an Other rating needs, then
    the manager's notes (which list the months not judged)."""
    parts = [rating.explanation.strip() if rating.rating == Rating.OTHER else ""]
    parts.append(rating.notes.strip())
    return "\n\n".join(part for part in parts if part)


def _performance_failure(breach, supplier) -> dict:
    period = {"startDate": day_start(breach.period_start)}
    if breach.period_end:
        period["endDate"] = day_end(breach.period_end)
    failure = {
        "id": f"breach-{breach.pk}",
        "period": period,
        "requirement": breach.requirement.strip(),
        "description": (
            f"{breach.get_kind_display()}. {breach.description.strip()}\n\n"
            f"Impact: {breach.impact.strip()}"
        ),
        "decisionDate": day_start(breach.decision_date),
        "suppliers": [_reference(supplier)],
    }
    if breach.penalty_type:
        failure["penaltyType"] = breach.penalty_type
        if breach.penalty_amount is not None:
            failure["penaltyValue"] = money(breach.penalty_amount)
    return failure
