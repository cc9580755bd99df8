"""A file with far too many rows is refused after reading one row too many, in both
formats, so refusing it costs little memory and time (issue 10, item 12)."""

import tracemalloc

import pytest

from kpis.importing import ImportFileError, read_table

from .spreadsheets import RETURN_HEADER, write_long_xlsx

ROW = ["IMT_KPI_01", "2018-10", 96]


def zip_bomb_xlsx(tmp_path):
    # 800,000 rows: about 330 KB that unpacks to about 94 MB, under the 100 MB limit.
    return write_long_xlsx(tmp_path / "bomb.xlsx", RETURN_HEADER[:3], ROW, 800_000)


def million_row_csv(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b"kpi_code,period,value\n" + b"1\n" * 1_000_000)  # 2 MB
    return path


@pytest.mark.parametrize("build", [zip_bomb_xlsx, million_row_csv])
def test_a_file_over_the_row_limit_is_refused_reading_little_of_it(tmp_path, settings, build):
    # A low limit keeps the run short under tracemalloc; the full file is still read
    # to the end if reading does not stop at the limit.
    settings.UPLOAD_MAX_ROWS = 1000
    path = build(tmp_path)
    tracemalloc.start()
    try:
        with open(path, "rb") as file_obj, pytest.raises(ImportFileError) as refused:
            read_table(file_obj, path.name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        "The file has more than 1,000 rows: the most accepted is 1,000. "
        "Split it into several files."
    )
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_a_file_at_the_row_limit_is_read_whole(tmp_path, settings):
    settings.UPLOAD_MAX_ROWS = 3
    path = tmp_path / "full.csv"
    path.write_text("kpi_code,period,value\n\nA,2018-10,1\nB,2018-10,2\n\nC,2018-10,3\n")
    with open(path, "rb") as file_obj:
        table = read_table(file_obj, path.name)
    assert [row.number for row in table.rows] == [3, 4, 6]


def test_a_file_of_empty_rows_is_refused(tmp_path, settings):
    settings.UPLOAD_MAX_ROWS = 3
    path = tmp_path / "empty.csv"
    path.write_text("kpi_code,period,value\n" + ",,\n" * 4 + "A,2018-10,1\n")
    with open(path, "rb") as file_obj, pytest.raises(ImportFileError, match="3 empty rows"):
        read_table(file_obj, path.name)
