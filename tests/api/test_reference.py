"""The API's description: OpenAPI 3.1 at /api/v1/openapi.json and a readable page at /api/v1/docs."""

from __future__ import annotations

import re

EXPECTED = {
    ("post", "/api/v1/imports"),
    ("put", "/api/v1/cases/{ref}"),
    ("get", "/api/v1/cases/{ref}"),
    ("put", "/api/v1/staff/{staff_id}"),
    ("get", "/api/v1/findings"),
    ("get", "/api/v1/acts"),
}


def test_the_schema_is_openapi_3_1_with_every_operation_behind_a_bearer_token(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    operations = {(m, p) for p, item in schema["paths"].items() for m in item}
    assert operations == EXPECTED
    assert all(item[m]["security"] == [{"BearerToken": []}] for p, item in schema["paths"].items() for m in item)


def test_the_reference_page_lists_every_operation_without_scripts_of_its_own(client, db):
    html = client.get("/api/v1/docs").content.decode()
    for method, path in EXPECTED:
        assert f"{method.upper()} <code>{path}</code>" in html
    # The base template's own scripts only: no Swagger UI, nothing from another host.
    assert not re.search(r"<script[^>]+src=\"https?://", html) and "swagger" not in html.lower()
