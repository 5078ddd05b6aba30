"""Every API error is RFC 9457 problem details (application/problem+json), whatever gives it;
unknown query parameters are refused by name; bodies are bounded (decision 0029)."""

from __future__ import annotations

import json

import psycopg
import pytest
from django.db import connection

from casequality.cases.models import Case
from tests.cases.documents import example_document

PROBLEM_JSON = "application/problem+json"


def is_problem(response, status: int) -> dict:
    """The response's problem details, after checking they are problem details of `status`."""
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_JSON
    body = json.loads(response.content)
    assert (body["type"], body["status"]) == ("about:blank", status)
    assert body["title"] and body["detail"]
    return body


def test_a_request_without_a_token_is_a_401_problem_with_its_challenge(client):
    response = client.get("/api/v1/findings")

    is_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="casequality"'


def test_a_case_of_no_such_ref_is_a_404_problem(api):
    assert "No case 'MAN-9999'" in is_problem(api.get("/cases/MAN-9999"), 404)["detail"]


def test_an_address_with_no_operation_is_a_404_problem(api):
    is_problem(api.get("/no-such-thing"), 404)


def test_a_method_an_address_does_not_take_is_a_405_problem_naming_those_it_does(api):
    response = api.client.delete("/api/v1/findings", headers=api.headers())

    assert "GET" in is_problem(response, 405)["detail"]
    assert "GET" in response["Allow"]


def test_too_many_requests_is_a_429_problem_with_retry_after(api, settings):
    settings.CASEQUALITY_API_RATE_REQUESTS = 1
    api.get("/findings")

    response = api.get("/findings")

    is_problem(response, 429)
    assert int(response["Retry-After"]) >= 1


def test_a_document_with_problems_is_a_422_problem_keeping_its_problems_member(api):
    document = example_document()
    document["cases"][0]["child"]["dob"] = "soon"

    body = is_problem(api.post("/imports", document), 422)

    assert body["problems"] == [{"path": "cases[0].child.dob", "message": "'soon' is not a date (YYYY-MM-DD)"}]
    assert body["detail"] == "1 problem: nothing was written"


def test_a_document_with_more_problems_than_the_limit_lists_the_first_and_counts_the_rest(api, settings):
    settings.CASEQUALITY_PROBLEMS_MAX = 2
    document = example_document()
    for case in document["cases"]:
        case["child"].update(dob="soon", sex="boy")

    body = is_problem(api.post("/imports", document), 422)

    assert len(body["problems"]) == 2
    assert body["problems_not_listed"] == 2
    assert not Case.objects.exists()


def test_an_unknown_query_parameter_is_a_422_problem_naming_it(api):
    body = is_problem(api.get("/findings", cursor="eyJmZWVkIjoiZmluZGluZ3MiLCJhZnRlciI6MX0"), 422)

    assert body["problems"] == [
        {
            "path": "cursor",
            "message": "is not a query parameter of this operation (it takes case, status, rule, since, limit)",
        }
    ]


def test_a_query_parameter_on_an_operation_that_takes_none_is_refused(api):
    assert is_problem(api.get("/cases/MAN-0001", since="x"), 422)["problems"][0]["path"] == "since"


def test_a_case_put_nested_200000_deep_is_a_422_problem_not_a_server_error(api):
    body = b'{"id": "MAN-0001", "child": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"

    problem = is_problem(api.put("/cases/MAN-0001", body), 422)

    assert problem["problems"][0]["path"] == "$"
    assert "nested more than 32 levels deep" in problem["problems"][0]["message"]
    assert not Case.objects.exists()


def test_a_put_body_over_the_limit_is_a_413_problem_and_nothing_is_written(api, settings):
    settings.CASEQUALITY_API_MAX_BODY_BYTES = 1000

    detail = is_problem(api.put("/cases/MAN-0001", example_document()["cases"][0]), 413)["detail"]

    assert "1000 bytes, CASEQUALITY_API_MAX_BODY_BYTES" in detail
    assert not Case.objects.exists()


def test_the_schema_describes_errors_as_problem_details(api):
    spec = api.client.get("/api/v1/openapi.json").json()

    for path in spec["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response.get("content", {PROBLEM_JSON: None})) == [PROBLEM_JSON]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a lock held by another connection: PostgreSQL")
def test_a_put_that_waits_on_a_lock_is_a_503_problem_with_retry_after_and_nothing_is_saved(api):
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")  # the web's 5 s, shortened for the test
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")}, autocommit=False
    ) as holder:
        holder.execute("SET lock_timeout = '5s'")
        holder.execute("LOCK TABLE cases_case IN ACCESS EXCLUSIVE MODE")  # as a stalled import would hold it
        response = api.put("/cases/MAN-0001", example_document()["cases"][0])
        holder.rollback()

    assert "nothing of this request was saved" in is_problem(response, 503)["detail"]
    assert response["Retry-After"] == "30"
    assert not Case.objects.filter(ref="MAN-0001").exists()


def test_a_case_put_larger_than_the_case_limit_is_a_422_problem_at_the_root(api, settings):
    settings.CASEQUALITY_CASE_MAX_BYTES = 2_000
    case = example_document()["cases"][0]
    case["child"]["name"] = "x" * 3_000

    problem = is_problem(api.put("/cases/MAN-0001", case), 422)["problems"][0]

    assert problem["path"] == "$" and problem["message"].startswith("the case is larger than 2,000 bytes")
    assert not Case.objects.exists()


def test_an_empty_put_body_is_a_422_problem_at_the_root(api):
    assert is_problem(api.put("/staff/S30", b""), 422)["problems"] == [
        {"path": "$", "message": "not valid JSON: the body is empty"}
    ]
