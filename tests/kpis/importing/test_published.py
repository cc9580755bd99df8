"""The `published` column (Procurement Act 2023 s.52) of KPI definitions: read from the
file, written into the KPIs template, set on the KPI form."""

from decimal import Decimal

import pytest

from contracts.choices import Role
from kpis.importing import commit_kpis, validate_kpis
from kpis.importing.definitions import KPI_COLUMNS
from kpis.models import KPI
from kpis.spreadsheets import kpis_template
from tests.factories import KPIFactory, KPITargetFactory

from ..spreadsheets import write_csv
from .helpers import errors, table

pytestmark = pytest.mark.django_db
HEADER = [*KPI_COLUMNS, "published"]
ROW = ["CSC_01", "Calls", "IMT", "percent", "higher", "monthly", "95", "90", "2018-04"]


@pytest.fixture
def open_contract(contract):
    contract.closed_through = None
    contract.save()
    return contract


def validate(contract, tmp_path, rows, header=HEADER):
    return validate_kpis(
        contract=contract, table=table(write_csv(tmp_path / "kpis.csv", [header, *rows]))
    )


@pytest.mark.parametrize(
    ("cell", "published"),
    [
        ("yes", True),
        ("Y", True),
        ("true", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("FALSE", False),
        ("0", False),
        ("", False),
    ],
)
def test_published_column_reads_yes_or_no(open_contract, tmp_path, cell, published):
    commit_kpis(validate(open_contract, tmp_path, [[*ROW, cell]]))
    assert KPI.objects.get(code="CSC_01").published is published


def test_published_column_refuses_other_words(open_contract, tmp_path):
    result = validate(open_contract, tmp_path, [[*ROW, "maybe"]])
    assert errors(result) == ["row 2: published: Enter yes or no"]


def test_published_column_left_out_keeps_the_flag(open_contract, tmp_path):
    kpi = KPIFactory(contract=open_contract, code="CSC_01", name="Calls", published=True)
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    commit_kpis(validate(open_contract, tmp_path, [ROW], header=list(KPI_COLUMNS)))
    kpi.refresh_from_db()
    assert kpi.published is True


def test_published_column_round_trips_through_the_template(open_contract, tmp_path):
    kpi = KPIFactory(contract=open_contract, code="CSC_01", published=True)
    KPITargetFactory(kpi=kpi)
    path = tmp_path / "kpis.xlsx"
    path.write_bytes(kpis_template(contract=open_contract))
    KPI.objects.filter(pk=kpi.pk).update(published=False)
    commit_kpis(validate_kpis(contract=open_contract, table=table(path)))
    kpi.refresh_from_db()
    assert kpi.published is True


def test_kpi_form_sets_published(client, contract, member):
    manager = member(contract, Role.CONTRACT_MANAGER)
    kpi = KPIFactory(contract=contract, code="CSC_01")
    client.force_login(manager)
    form = client.get(f"/contracts/{contract.reference}/kpis/CSC_01/edit/").content.decode()
    assert "Key performance indicator under s.52" in form
    data = {
        "code": "CSC_01",
        "name": kpi.name,
        "service_area": kpi.service_area_id,
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "contractual": "on",
        "published": "on",
        "decimal_places": "2",
        "live_from": "2017-04",
        "version": kpi.version,
    }
    response = client.post(f"/contracts/{contract.reference}/kpis/CSC_01/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kpi.refresh_from_db()
    assert kpi.published is True
