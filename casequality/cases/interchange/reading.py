"""Reading interchange files streaming with ijson: `read_header` reads everything but the
cases, `iter_cases` yields the cases one at a time, so a file of 100,000 cases never sits
in memory whole. A file that is not JSON is one problem with its line and column."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

import ijson

from casequality.cases.interchange.problems import InterchangeError, Problem, show
from casequality.cases.interchange.validation import (
    CaseIds,
    Header,
    header_staff_ids,
    json_type,
    validate_case,
    validate_header,
)


def show_key(key: Any) -> str:
    """A top-level key as a problem path."""
    return key if isinstance(key, str) and key.isidentifier() else f"${show(key)}"


Source = str | os.PathLike[str] | BinaryIO


@contextlib.contextmanager
def open_source(source: Source) -> Iterator[IO[bytes]]:
    """The source as a binary file at its start: opened (and closed) if a path."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
    else:
        source.seek(0)
        yield source


def source_name(source: Source) -> str:
    """The file name of a source, for messages and the access log."""
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) else "stream"


def _first_line(error: Exception) -> str:
    text = str(error)
    # ijson's C backend wraps some messages in a bytes repr: b'lexical error: ...'
    if text[:2] in ("b'", 'b"'):
        text = text[2:].replace("\\n", "\n")
    return text.strip().splitlines()[0] if text.strip() else "invalid JSON"


def _error_offset(source: Source) -> int | None:
    """The byte offset at which the JSON parser gives up on `source`, or None.

    Found by feeding the parser 64 KiB at a time, then the failing block byte by byte:
    only run once a file is already known to be broken.
    """
    block = 65536

    def parser() -> Any:
        sink = ijson.sendable_list()
        return sink, ijson.basic_parse_coro(sink)

    with open_source(source) as handle:
        sink, coro = parser()
        done = 0
        while chunk := handle.read(block):
            try:
                coro.send(chunk)
                sink.clear()
            except ijson.JSONError:
                break
            done += len(chunk)
        else:
            return done  # the parser only failed at the end: the file stops too soon
        # Replay everything before the failing block, then that block byte by byte.
        handle.seek(0)
        sink, coro = parser()
        remaining = done
        while remaining:
            piece = handle.read(min(block, remaining))
            coro.send(piece)
            sink.clear()
            remaining -= len(piece)
        for position in range(len(chunk)):
            try:
                coro.send(chunk[position : position + 1])
                sink.clear()
            except ijson.JSONError:
                return done + position
    return None


def _line_and_column(source: Source, offset: int) -> tuple[int, int]:
    line, line_start, read = 1, 0, 0
    with open_source(source) as handle:
        while read < offset:
            chunk = handle.read(min(65536, offset - read))
            if not chunk:
                break
            newlines = chunk.count(b"\n")
            if newlines:
                line += newlines
                line_start = read + chunk.rindex(b"\n") + 1
            read += len(chunk)
        handle.seek(line_start)
        column = len(handle.read(offset - line_start).decode("utf-8", errors="replace")) + 1
    return line, column


def json_problem(source: Source, error: Exception) -> Problem:
    """The problem to report for a file that is not valid JSON, with line and column."""
    message = _first_line(error)
    try:
        offset = _error_offset(source)
        if offset is not None:
            line, column = _line_and_column(source, offset)
            return Problem("$", f"not valid JSON at line {line}, column {column}: {message}")
    except (OSError, ValueError, ijson.JSONError):
        pass  # the position is a courtesy: the message alone still says what is wrong
    return Problem("$", f"not valid JSON: {message}")


_CONTAINER_START = {"start_map", "start_array"}
_CONTAINER_END = {"end_map", "end_array"}


def max_depth() -> int:
    """How deeply JSON may nest (CASEQUALITY_JSON_MAX_DEPTH; the document's object is 1)."""
    from django.conf import settings

    return int(getattr(settings, "CASEQUALITY_JSON_MAX_DEPTH", 32))


def case_max_bytes() -> int:
    """The largest case read (CASEQUALITY_CASE_MAX_BYTES), as `_skip_cases` counts it."""
    from django.conf import settings

    return int(getattr(settings, "CASEQUALITY_CASE_MAX_BYTES", 1024 * 1024))


def too_deep(path: str, limit: int) -> InterchangeError:
    return InterchangeError(
        [
            Problem(
                path,
                f"nested more than {limit} levels deep; Casequality reads at most {limit} "
                "(CASEQUALITY_JSON_MAX_DEPTH): nothing was read further",
            )
        ]
    )


def _build(
    event: str,
    value: Any,
    events: Iterator[tuple[str, Any]],
    *,
    path: str = "$",
    depth: int = 0,
    limit: int | None = None,
) -> Any:
    """The JSON value that starts with (`event`, `value`), taking the rest from `events`
    (ijson basic_parse events). `depth`: how deep its container already is; past `limit`
    levels it raises InterchangeError at `path` before building any further."""
    if event not in _CONTAINER_START:
        return value
    limit = max_depth() if limit is None else limit
    if depth + 1 > limit:
        raise too_deep(path, limit)
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    level = 1
    for event, value in events:
        builder.event(event, value)
        if event in _CONTAINER_START:
            level += 1
            if depth + level > limit:
                raise too_deep(path, limit)
        elif event in _CONTAINER_END:
            level -= 1
            if level == 0:
                break
    return builder.value


def _skip_cases(events: Iterator[tuple[str, Any]]) -> int:
    """Consume the events of the `cases` list after its start; return how many objects it held.

    Refuses (InterchangeError at `cases[i]`) a case nested deeper than `max_depth()` or
    larger than `case_max_bytes()`, counted as its strings' and keys' characters plus two,
    and one for every other value: its JSON's size without whitespace, or a little less.
    """
    # The hot loop of the header pass, run once per JSON token of every case: basic_parse
    # events and a depth count cost less than ijson.parse's prefixes.
    limit = max_depth()
    largest = case_max_bytes()
    depth, count, size = 1, 0, 0  # depth: 1 in the cases list, which is level 2 of the document
    for event, value in events:
        if event == "string" or event == "map_key":
            size += len(value) + 2
            if size > largest and depth > 1:
                raise _too_large(count - 1, largest)
        elif event == "start_map" or event == "start_array":
            if depth == 1:
                count += 1
                size = 0
            depth += 1
            if depth >= limit:  # the new container is level depth + 1
                raise too_deep(f"cases[{count - 1}]", limit)
        elif event == "end_map" or event == "end_array":
            depth -= 1
            if depth == 0:
                break
        else:
            size += 1
            if size > largest and depth > 1:
                raise _too_large(count - 1, largest)
    return count


def _too_large(index: int, largest: int) -> InterchangeError:
    return InterchangeError(
        [
            Problem(
                f"cases[{index}]",
                f"the case is larger than {largest:,} bytes, the most one case "
                "may be (CASEQUALITY_CASE_MAX_BYTES): nothing was read further",
            )
        ]
    )


def parse_json(source: Source, *, case: bool = False) -> Any:
    """A whole JSON value (an API body), parsed streaming: refused (InterchangeError at `$`)
    past `max_depth()` levels, or if `case` past `case_max_bytes()` counted as `_skip_cases`
    counts, before anything more is built; or if it is not JSON. Numbers that are not
    whole are floats, as `json.load` gives them."""
    limit = max_depth()
    largest = case_max_bytes() if case else None
    builder = ijson.ObjectBuilder()
    depth, size, events = 0, 0, 0
    with open_source(source) as handle:
        try:
            for event, value in ijson.basic_parse(handle, use_float=True):
                events += 1
                if event == "start_map" or event == "start_array":
                    depth += 1
                    if depth > limit:
                        raise too_deep("$", limit)
                elif event == "end_map" or event == "end_array":
                    depth -= 1
                if largest is not None:
                    size += len(value) + 2 if event == "string" or event == "map_key" else 1
                    if size > largest:
                        raise InterchangeError(
                            [
                                Problem(
                                    "$",
                                    f"the case is larger than {largest:,} bytes, the most "
                                    "one case may be (CASEQUALITY_CASE_MAX_BYTES): nothing "
                                    "was read further",
                                )
                            ]
                        )
                builder.event(event, value)
        except ijson.IncompleteJSONError as error:
            if events == 0:
                raise InterchangeError([Problem("$", "not valid JSON: the body is empty")]) from None
            raise InterchangeError([json_problem(source, error)]) from None
        except ijson.JSONError as error:
            raise InterchangeError([json_problem(source, error)]) from None
        except UnicodeDecodeError:
            raise InterchangeError([Problem("$", "not valid JSON: the body is not UTF-8")]) from None
    if events == 0:
        raise InterchangeError([Problem("$", "not valid JSON: the body is empty")])
    return builder.value


def read_header(source: Source) -> Header:
    """The document without its `cases`, read streaming; counts the cases on the way.

    Reads the whole file (the header keys may come after the cases, and a broken tail
    must be found before anything is written). Raises InterchangeError if the file is
    not JSON or not a JSON object.
    """
    header = Header()
    header.cases_type = None
    with open_source(source) as handle:
        events = ijson.basic_parse(handle)
        try:
            event, value = next(events)
            if event != "start_map":
                found = "a list" if event == "start_array" else show(value)
                raise InterchangeError([Problem("$", f"the document is {found}, not a JSON object")])
            for event, value in events:
                if event == "end_map":
                    break  # the end of the document's object
                key = value  # a map_key: at this depth every other value is consumed whole
                event, value = next(events)
                if key != "cases":
                    header[key] = _build(event, value, events, path=show_key(key), depth=1)
                elif event == "start_array":
                    header.cases_type = "list"
                    header.case_count = _skip_cases(events)
                else:
                    header.cases_type = json_type(_build(event, value, events, path="cases", depth=1))
            for _ in events:
                pass  # only to have the parser check that nothing follows the object
        except StopIteration:
            raise InterchangeError([Problem("$", "not valid JSON: the file ends too soon")]) from None
        except ijson.JSONError as error:
            raise InterchangeError([json_problem(source, error)]) from None
    return header


def iter_cases(source: Source) -> Iterator[tuple[int, Any]]:
    """Each (index, case) of the file's `cases`, as parsed JSON, one at a time.

    Raises InterchangeError (path `$`) if the file is not valid JSON.
    """
    with open_source(source) as handle:
        try:
            yield from enumerate(ijson.items(handle, "cases.item"))
        except ijson.JSONError as error:
            raise InterchangeError([json_problem(source, error)]) from None


def validate_source(source: Source) -> list[Problem]:
    """Every problem in an interchange file, without importing it. Returns them."""
    try:
        header = read_header(source)
        problems = validate_header(header)
        staff_ids = header_staff_ids(header)
        case_ids = CaseIds()
        for index, case in iter_cases(source):
            problems += validate_case(case, index, staff_ids=staff_ids, fmt=header.get("format"))
            problems += case_ids.check(case, index)
    except InterchangeError as error:
        return error.problems
    return problems


def rereadable(source: Source) -> Source:
    """A source that can be read twice: a path or a seekable file stays as it is; any
    other stream (a pipe) is first copied to a temporary file, not into memory."""
    if isinstance(source, (str, os.PathLike)) or source.seekable():
        return source
    copy = tempfile.TemporaryFile()
    shutil.copyfileobj(source, copy, 1 << 20)
    copy.seek(0)
    return copy
