"""The demo is loaded as a council loads its own data: from files, through the importers."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import demo
from contracts.models import Contract
from kpis.models import KPI, KPIFigure, KPITarget

pytestmark = pytest.mark.django_db

DATA = Path(demo.__file__).resolve().parent / "data"


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file_obj:
        return list(csv.DictReader(file_obj))


def test_every_kpi_and_target_version_is_the_catalogue_files(demo):
    catalogue = rows(DATA / "kpis.csv")
    kpis = {kpi.code: kpi for kpi in KPI.objects.filter(contract=demo["contract"])}
    assert set(kpis) == {row["code"] for row in catalogue}
    for row in catalogue:
        kpi = kpis[row["code"]]
        assert (kpi.name, kpi.service_area.name) == (row["name"], row["service_area"])
        assert (kpi.decimal_places, kpi.description) == (
            int(row["decimal_places"]),
            row["description"],
        )
    assert KPITarget.objects.filter(kpi__contract=demo["contract"]).count() == len(catalogue)
    assert set(KPITarget.objects.values_list("created_by__username", flat=True)) == {"manager"}


def test_every_figure_is_a_row_of_its_months_return_file(demo):
    returns = sorted((DATA / "returns").glob("*.csv"))
    assert [path.stem for path in returns][0::17] == ["2017-04", "2018-09"]
    loaded = 0
    for path in returns:
        for row in rows(path):
            assert row["period"] == path.stem
            figure = KPIFigure.objects.filter(kpi__code=row["kpi_code"], period=f"{path.stem}-01")
            if not row["value"]:
                assert not figure.exists()  # a missing return
                continue
            figure = figure.get()
            assert figure.commentary == row["commentary"]
            assert figure.source == f"File {path.name} (import_returns)"
            loaded += 1
    assert loaded == KPIFigure.objects.count()


def test_a_bad_row_in_a_demo_file_stops_the_demo_naming_it_and_loads_nothing(
    db, tmp_path, monkeypatch
):
    returns = tmp_path / "returns"
    shutil.copytree(DATA / "returns", returns)
    june = returns / "2017-06.csv"
    lines = june.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",2017-06,", ",2017-06,lots,", 1)
    june.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr("demo.returns.RETURNS", returns)

    with pytest.raises(CommandError, match=r"^2017-06.csv: row 3: value: "):
        call_command("seed_demo", force=True, verbosity=0)

    assert not Contract.objects.exists()
    assert not KPIFigure.objects.exists()
