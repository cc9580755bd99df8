"""The KPIs an upload is checked against, and a signed-in officer's upload steps."""

from decimal import Decimal

import pytest

from tests.factories import KPITargetFactory, area_kpi

from .helpers import confirm, send


@pytest.fixture
def imt(contract):
    kpi = area_kpi(contract, "IMT", code="IMT_KPI_01", name="Incidents fixed", unit="percent")
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    return kpi


@pytest.fixture
def calls(contract):
    return area_kpi(
        contract, "Customer Service Centre", code="CSC_KPI_07", name="Calls answered", unit="number"
    )


@pytest.fixture
def quarterly(contract):
    return area_kpi(contract, "IMT", code="IMT_KPI_09", frequency="quarterly")


@pytest.fixture
def upload_file(client, contract, django_capture_on_commit_callbacks):
    def send_file(name, data, month="2018-10"):
        return send(
            client, contract, name, data, month=month, capture=django_capture_on_commit_callbacks
        )

    return send_file


@pytest.fixture
def confirm_upload(client, django_capture_on_commit_callbacks):
    return lambda upload: confirm(client, upload, django_capture_on_commit_callbacks)
