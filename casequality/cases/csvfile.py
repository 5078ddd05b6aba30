"""The one CSV writer of every download and file Casequality writes (issue 21).

A CSV file is opened in a spreadsheet, which runs a cell that starts with `=`, `+`, `-` or
`@` as a formula (and treats a leading tab or carriage return the same way): a case id,
a name or a practitioner's text from the case management system could then run in the
reader's spreadsheet (OWASP "CSV injection"). Every text cell that starts with one of
those characters is written with a single quote before it, which a spreadsheet shows as
text; numbers are written as they are (a negative count is a number, not a formula).
Nothing else of the value changes; the csv module quotes separators and quotes as usual.

Every writer of CSV uses `csv_writer` or `csv_dict_writer`, never `csv.writer` itself
(tests/cases/test_csvfile.py looks for one).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    """Where csv writes: a text file, or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet reads it as text: a text starting as a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, out: Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """`csv.DictWriter` whose every cell goes through `safe_cell` (the header too)."""

    def __init__(self, out: Writable, fieldnames: Sequence[str], **options: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(out, fieldnames=self.fieldnames, **options)

    def writeheader(self) -> Any:
        return self._writer.writerow({name: safe_cell(name) for name in self.fieldnames})

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({key: safe_cell(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Writable, **options: Any) -> SafeWriter:
    """A writer of rows (lists) to `out`; `options` as `csv.writer`'s (e.g. `lineterminator`)."""
    return SafeWriter(out, **options)


def csv_dict_writer(out: Writable, fieldnames: Sequence[str], **options: Any) -> SafeDictWriter:
    """A writer of rows (dicts) to `out`; `options` as `csv.DictWriter`'s."""
    return SafeDictWriter(out, fieldnames, **options)


class _Line:
    """Where `csv_chunks`' writer writes: nowhere; `write` hands the line back."""

    def write(self, text: str, /) -> str:
        return text


def csv_chunks(header: Sequence[Any], rows: Iterable[Iterable[Any]], *, lines: int = 500) -> Iterator[str]:
    """A CSV file (`\\r\\n` line ends) as text chunks of at most `lines` rows, for a download
    streamed while it is written (django.http.StreamingHttpResponse, as Django's "Streaming
    large CSV files" shows): however many rows, only one chunk is held at a time."""
    writer = csv_writer(_Line(), lineterminator="\r\n")
    chunk = [writer.writerow(header)]
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= lines:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
