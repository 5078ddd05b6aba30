"""The one CSV writer (casequality/cases/csvfile.py): no cell a spreadsheet runs as a formula."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from casequality.cases.csvfile import csv_dict_writer, csv_writer

ROOT = Path(__file__).resolve().parents[2] / "casequality"


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+44 161", "-2+3", "@SUM(A1)", "\tX", "\rX"])
def test_a_text_cell_starting_as_a_formula_is_written_after_a_single_quote(cell):
    out = io.StringIO()
    csv_writer(out).writerow(["ok", cell])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["ok", "'" + cell]


def test_numbers_and_other_texts_are_written_as_they_are():
    out = io.StringIO()
    writer = csv_dict_writer(out, ["case", "count", "rate"])
    writer.writeheader()
    writer.writerow({"case": 'YOS/1, "a" b', "count": -3, "rate": 0.5})
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["case", "count", "rate"], ['YOS/1, "a" b', "-3", "0.5"]]


def test_no_module_writes_csv_but_through_the_one_writer():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name == "csvfile.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
                and node.attr in ("writer", "DictWriter")
            ):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    assert offenders == []


def test_an_evidence_packs_case_list_neutralises_case_ids_that_start_as_formulas(cast, tmp_path):
    from tests.audits.factories import case_make

    case_make(cast.service, "=1+2", start=date(2013, 4, 1), case_manager=cast.cm_a.staff)
    case_make(cast.service, "+YOS-7", start=date(2013, 4, 2), case_manager=cast.cm_a.staff)
    out = tmp_path / "pack"
    call_command("evidence-pack", "--framework", "hmip-youth-2025", "--out", str(out), "--as-of", "2013-06-17")
    text = (out / "case-lists" / "children.csv").read_text(encoding="utf-8")
    cases = [row["case"] for row in csv.DictReader(io.StringIO(text))]
    assert sorted(cases) == ["'+YOS-7", "'=1+2"]


def test_a_streamed_csv_comes_in_chunks_of_at_most_the_lines_asked_for():
    from casequality.cases.csvfile import csv_chunks

    chunks = list(csv_chunks(["case"], ([f"C-{n}"] for n in range(7)), lines=3))
    assert [chunk.count("\r\n") for chunk in chunks] == [3, 3, 2]
    assert "".join(chunks) == "case\r\n" + "".join(f"C-{n}\r\n" for n in range(7))


def test_a_streamed_csv_neutralises_formulas_as_the_one_writer_does():
    from casequality.cases.csvfile import csv_chunks

    assert "".join(csv_chunks(["=h"], [["=SUM(A1)", -2]])) == "'=h\r\n'=SUM(A1),-2\r\n"
