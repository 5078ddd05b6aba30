"""The API's routes take every id the format accepts, percent-encoded as a client encodes a
path segment (issue 21, point 6): `/`, `?`, `#`, `%`, spaces and letters of any script."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.cases.documents import example_document

ODD_IDS = ["YOS/2024/0001", "Q?1#2", "100% sure", "a b", "Ærø-ключ-名前", "%2F/"]


@pytest.mark.parametrize("ref", ODD_IDS)
def test_a_case_with_an_odd_id_is_put_and_read_back_at_its_encoded_address(api, ref):
    case = example_document()["cases"][1]
    case["id"] = ref
    put = api.put(f"/cases/{quote(ref, safe='')}", case)
    assert (put.status_code, put.json()) == (200, {"id": ref, "created": True})
    read = api.get(f"/cases/{quote(ref, safe='')}")
    assert (read.status_code, read.json()["id"]) == (200, ref)


@pytest.mark.parametrize("staff_id", ODD_IDS)
def test_a_member_of_staff_with_an_odd_id_is_put_at_its_encoded_address(api, staff_id):
    entry = {"id": staff_id, "name": "Pat Odd", "role": "case_manager", "team": "North", "manager": None}
    put = api.put(f"/staff/{quote(staff_id, safe='')}", entry)
    assert (put.status_code, put.json()) == (200, {"id": staff_id, "created": True})
