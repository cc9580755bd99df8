"""One rule for KPI codes: model field, form, importer and addresses (issue 10, item 11)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from kpis.codes import CODE_PATTERN, KPICodeConverter, validate_kpi_code
from kpis.importing import read_table, validate_kpis
from kpis.models import KPI
from tests.factories import KPIFactory
from tests.kpis.spreadsheets import write_csv

pytestmark = pytest.mark.django_db
BAD_CODES = ["A/B", "=1+1", "+A", "-A", "@A", "A B", "A%2F", "Ä_1", "", "X" * 41]
GOOD_CODES = ["CSC_KPI_04", "imt-01", "A.1", "X" * 40]


@pytest.mark.parametrize("code", BAD_CODES)
def test_kpi_code_rule_refuses_a_bad_code_on_the_model(contract, code):
    kpi = KPIFactory.build(contract=contract, service_area=contract.service_areas.first())
    kpi.code = code
    with pytest.raises(ValidationError) as raised:
        kpi.full_clean()
    assert "code" in raised.value.message_dict


@pytest.mark.parametrize("code", GOOD_CODES)
def test_kpi_code_rule_accepts_letters_digits_underscores_hyphens_and_stops(code):
    validate_kpi_code(code)


@pytest.mark.parametrize("code", ["A/B", "=1+1"])
def test_kpi_code_form_refuses_a_bad_code_with_a_message(client, contract, manager, code):
    client.force_login(manager)
    area = contract.service_areas.first()
    data = {
        "code": code,
        "name": "Calls",
        "service_area": area.pk,
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "decimal_places": "1",
        "live_from": "2018-10",
    }
    response = client.post(reverse("kpis:create", args=[contract.reference]), data)
    assert response.status_code == 200
    assert "Use up to 40 letters, digits, underscores, hyphens or full stops" in (
        response.content.decode()
    )
    assert not KPI.objects.exists()


@pytest.mark.parametrize("code", ["A/B", "=1+1"])
def test_kpi_code_importer_refuses_a_bad_code_naming_the_row(contract, tmp_path, code):
    header = ["code", "name", "service_area", "unit", "polarity", "frequency", "target"]
    row = [code, "Calls", "IMT", "number", "higher", "monthly", "5"]
    path = write_csv(
        tmp_path / "kpis.csv", [header + ["minimum", "effective_from"], row + ["", "2018-10"]]
    )
    with open(path, "rb") as file_obj:
        result = validate_kpis(contract=contract, table=read_table(file_obj, path.name))
    assert [str(error) for error in result.errors] == [
        "row 2: code: Use up to 40 letters, digits, underscores, hyphens or full stops, "
        "starting with a letter or digit, for example CSC_KPI_04"
    ]


def test_kpi_code_addresses_follow_the_same_rule(client, contract, manager):
    assert KPICodeConverter.regex == CODE_PATTERN
    with pytest.raises(NoReverseMatch):
        reverse("kpis:detail", args=[contract.reference, "A/B"])
    client.force_login(manager)
    assert client.get(f"/contracts/{contract.reference}/kpis/=1+1/").status_code == 404
