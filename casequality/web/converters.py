"""Outside ids in a page's address: one path segment whatever the id holds.

Case, assessment, plan and staff ids come from a service's case management system and may
hold anything the format accepts (docs/case-format.md): `/`, `?`, `#`, `%`, spaces,
letters of any script. reverse() percent-encodes `?`, `#`, spaces and non-Latin letters
itself, but keeps `/` (a separator) and the server decodes `%2F` back to `/` before the
address is resolved, so a `/` in an id would split the segment. This converter therefore
encodes, before reverse() quotes the rest, the three things a segment cannot carry as
they are: `%` (as `%25`), `/` (as `%2F`) and an id made only of dots (each `.` as `%2E`:
a browser would resolve `.` and `..` as the current and parent directory). reverse() then
quotes each `%` once more, so `YOS/123` is `/cases/YOS%252F123/` in a link and `YOS%2F123`
when the view resolves it; `to_python` decodes exactly what `to_url` encodes and refuses
any other `%` (a 404, never a different record).
"""

from __future__ import annotations

import re

from django.urls import register_converter

_ENCODED = re.compile(r"%(25|2F|2E)", re.IGNORECASE)
_DECODED = {"25": "%", "2F": "/", "2E": "."}


class RefConverter:
    """An outside id as one path segment (`<ref:name>` in a urls.py)."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        if "%" in _ENCODED.sub("", value):
            raise ValueError("a % in an id's segment is always encoded as %25")
        decoded = _ENCODED.sub(lambda m: _DECODED[m.group(1).upper()], value)
        if not decoded:
            raise ValueError("an empty id")
        return decoded

    def to_url(self, value: object) -> str:
        text = str(value)
        if not text:
            raise ValueError("an empty id has no address")
        if set(text) == {"."}:
            return "%2E" * len(text)
        return text.replace("%", "%25").replace("/", "%2F")


def ref_to_url(value: object) -> str:
    """An id as its segment before reverse()'s quoting (what web/jinja_env.py's table links use)."""
    return RefConverter().to_url(value)


register_converter(RefConverter, "ref")
