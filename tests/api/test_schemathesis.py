"""The served schema against the served API: schemathesis generates requests for every
operation, valid and invalid, with a valid token, through the WSGI app in-process.

Checks: no answer is a server error, and every answer (status, headers, body) is one
the schema describes.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casequality.cases.services import interchange_import_document
from casequality.wsgi import application
from tests.cases.documents import example_document

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Bounded so that the run takes well under a minute; the seed keeps it the same every run.
schema.config.generation.update(modes=["positive", "negative"], max_examples=6, deterministic=True)
schema.config.seed = 9

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def served(api, settings):
    """The API as a WSGI server runs it, inside the test's transaction, with data to find."""
    settings.CASEQUALITY_API_RATE_REQUESTS = 10**9
    interchange_import_document(example_document())
    # A WSGI request closes the database connection when it ends (close_old_connections);
    # Django's test client stops that, and so does this, so the test's transaction survives.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield api
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
# The fixture is the same for every generated request on purpose: one service, one token.
# Generating a format 2 import is slow on a loaded machine: that is not a fault of the API.
@hypothesis_settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(case, served):
    case.call_and_validate(headers=served.headers(), checks=CHECKS)
