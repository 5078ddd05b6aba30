"""The JSON API for case management systems, /api/v1/ (docs/api.md; django-ninja, decision 0009).

Every operation needs `Authorization: Bearer TOKEN` (an integration's token, one
service: it reads the cases of that service, accounts.selectors.cases_of_services, as its
QA lead does); never a session, so no CSRF. Writes go through the case import's own checks
and write path (cases/services.py); every answer that carries a child's data is
written to the access log with the integration as the actor.

Every error is RFC 9457 problem details (`application/problem+json`: `type`, `title`,
`status`, `detail`; a 422 adds `problems`), whatever raised it: a refusal here, a query
parameter the operation does not know, a busy database (503 with `Retry-After`) or a
fault (500, logged). Bodies are bounded (docs/api.md, "Limits"; decision 0029).
"""

from __future__ import annotations

import logging
import math
import tempfile
import time
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from redis.exceptions import RedisError

from casequality.accounts.models import AccessVerb
from casequality.accounts.selectors import cases_of_services
from casequality.accounts.services import access_log_record
from casequality.api import schema
from casequality.api.models import ApiToken
from casequality.api.paging import DEFAULT_LIMIT, MAX_LIMIT, CursorError, cursor_decode, page_after, page_json
from casequality.api.selectors import (
    act_json,
    acts_feed,
    acts_horizon,
    api_token_for,
    finding_json,
    findings_changes,
    findings_horizon,
)
from casequality.api.services import api_token_mark_used
from casequality.cases import interchange as ix
from casequality.cases.interchange import InterchangeError, Problem
from casequality.cases.selectors import case_documents
from casequality.cases.services import case_put, interchange_import, staff_put
from casequality.errors import PROBLEM_JSON, RETRY_AFTER_SECONDS, database_busy, problem_response

logger = logging.getLogger(__name__)

# A request body is held in memory up to this size, then in a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024


class Refusal(Exception):
    """An answer other than success: its status, what went wrong (`detail`), headers and
    any extension members of its problem details (`problems`)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None, **members: Any):
        super().__init__(status)
        self.status, self.detail, self.headers, self.members = status, detail, headers or {}, members


def problems(items: list[Problem], *, written: bool = False) -> Refusal:
    """422 listing `items` (at most CASEQUALITY_PROBLEMS_MAX; `problems_not_listed` counts the rest)."""
    listed = ix.ProblemList(items)
    total = listed.total
    detail = f"{total:,} problem{'s' if total != 1 else ''}"
    if listed.more:
        detail += f" (the first {len(listed):,} are listed)"
    detail += ": nothing was written" if not written else ""
    members: dict[str, Any] = {"problems": [{"path": p.path, "message": p.message} for p in listed]}
    if listed.more:
        members["problems_not_listed"] = listed.more
    return Refusal(422, detail, **members)


def _unknown_parameters(request: HttpRequest, known: Any = ()) -> None:
    """Refuse (422, a problem at each name) any query parameter this operation does not take:
    a client that misspells one (`cursor=` for `since=`) must not be answered as if it had
    sent none."""
    known = tuple(known)
    unknown = [name for name in request.GET if name not in known]
    if unknown:
        takes = f"it takes {', '.join(known)}" if known else "it takes none"
        raise problems(
            [Problem(name[:100], f"is not a query parameter of this operation ({takes})") for name in unknown]
        )


class BearerToken(HttpBearer):
    """An integration's token; counts its requests against the rate (429 when over)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_for(token)
        if found is None:
            return None
        _count_request(found)
        api_token_mark_used(token=found)
        return found


def _count_request(token: ApiToken) -> None:
    """Count a request in the token's current window; Refusal 429 if it is one too many.

    Fixed windows of CASEQUALITY_API_RATE_SECONDS, counted in the Redis the web processes
    share when CASEQUALITY_PAGE_CACHE_URL names one (every worker and machine counts the
    same number; Redis's INCR is atomic), else in the process's own memory. While that
    Redis does not answer, each process counts its own.
    """
    seconds = max(1, settings.CASEQUALITY_API_RATE_SECONDS)
    now = time.time()
    window = int(now // seconds)
    key = f"casequality-api-rate:{token.digest[:24]}:{window}"
    try:
        count = _counted(caches["pages"] if settings.CASEQUALITY_PAGE_CACHE_URL else caches["default"], key, seconds)
    except RedisError:
        logger.warning("The shared cache did not answer: this process counts the API's rate alone", exc_info=True)
        count = _counted(caches["default"], key, seconds)
    if count > settings.CASEQUALITY_API_RATE_REQUESTS:
        retry = max(1, math.ceil((window + 1) * seconds - now))
        raise Refusal(429, f"Too many requests: try again in {retry} seconds", {"Retry-After": str(retry)})


def _counted(cache, key: str, seconds: int) -> int:
    """The window's count in `cache`, this request included."""
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        return 1


class ProblemsApi(NinjaAPI):
    """NinjaAPI whose described errors are application/problem+json (RFC 9457), as served."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        spec = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in spec.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
                for status, response in responses.items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
        return spec


api = ProblemsApi(
    title="Casequality API",
    version="1",
    description="For case management systems: send case records, read findings. See docs/api.md.",
    urls_namespace="api",
    docs_url=None,  # the reference page is casequality.api.views.reference (no CDN, no JavaScript)
    openapi_url="/openapi.json",
    auth=BearerToken(),
)


@api.exception_handler(Refusal)
def _refusal(request, exc: Refusal):
    return problem_response(exc.status, exc.detail, headers=exc.headers, **exc.members)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(
        401,
        "Send a valid token of this service: Authorization: Bearer TOKEN",
        headers={"WWW-Authenticate": 'Bearer realm="casequality"'},
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(404, "No such thing here")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(DatabaseError)
def _database(request, exc: DatabaseError):
    """A busy database is 503 "try again": the request's transaction was rolled back, so
    nothing of it was saved. Anything else the database says is a fault (500, logged)."""
    if database_busy(exc):
        return problem_response(
            503,
            "The database was busy with other work: nothing of this request was saved. "
            f"Try again in {RETRY_AFTER_SECONDS} seconds.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return _fault(request, exc)


@api.exception_handler(Exception)
def _fault(request, exc: Exception):
    if isinstance(exc, RecursionError):  # no body this API reads nests past the limit; said if it ever does
        return problem_response(
            422,
            "The body is nested too deeply to read: nothing was written",
            problems=[{"path": "$", "message": "nested too deeply"}],
        )
    logger.error("API request failed: %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        500,
        "The server failed to answer this request; the failure has been logged. "
        "Nothing of this request was saved unless reading it back shows it was.",
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    found = [
        Problem(
            ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path")) or "$",
            error.get("msg", "is not valid"),
        )
        for error in exc.errors
    ]
    return _refusal(request, problems(found))


class Detail(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class ProblemOut(Schema):
    path: str
    message: str


class Problems(Detail):
    problems: list[ProblemOut]
    problems_not_listed: int = Field(
        0,
        description="How many further problems were found but not listed (only the first CASEQUALITY_PROBLEMS_MAX are)",
    )


class ImportSummaryOut(Schema):
    service: str
    cases: int
    created: int
    replaced: int
    staff: int
    records: dict[str, int]


class PutOut(Schema):
    id: str
    created: bool


class FindingOut(Schema):
    id: int
    case: str
    rule: str
    kind: Literal["task", "finding"]
    severity: str
    owner: str
    subject: str
    message: str
    evidence: dict[str, Any]
    due: str | None
    status: Literal["open", "closed"]
    opened_on: str
    resolved_on: str | None
    resolution: str | None
    actionable: bool
    remedy: str


class FindingPage(Schema):
    results: list[FindingOut]
    next: str | None
    since: str


class ActOut(Schema):
    case: str
    id: str
    kind: Literal["countersignature", "manager_entry", "oversight_request"]
    subject_type: Literal["assessment", "plan", "case"]
    subject: str | None
    subject_version: str
    by: str
    date: str
    outcome: Literal["approved", "returned"] | None
    text: str
    corrects: str | None
    recorded_at: str
    recorded_by: str


class ActPage(Schema):
    results: list[ActOut]
    next: str | None
    since: str


class ActFilters(Schema):
    case: str = Field(None, description="Only this case's acts (its ref)")
    since: str = Field(
        None, description="A cursor (`next` or `since` of an earlier answer): the acts recorded after it"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Acts per page")


class FindingFilters(Schema):
    # Plain types with a None default: a query parameter is never JSON null.
    case: str = Field(None, description="Only this case's findings (its ref)")
    status: Literal["open", "closed"] = Field(None, description="Only findings open now, or closed now")
    rule: str = Field(None, description="Only this rule's findings (e.g. OVS-001)")
    since: str = Field(None, description="A cursor (`next` or `since` of an earlier answer): what changed after it")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Findings per page")


REFUSALS = {401: Detail, 413: Detail, 422: Problems, 429: Detail, 503: Detail}
WRITE_REFUSALS = REFUSALS


def _json_body(description: str, body_schema: dict) -> dict:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": body_schema}},
        }
    }


def _body(request: HttpRequest, limit: int, setting: str) -> tempfile.SpooledTemporaryFile:
    """The request body, read as a stream: Refusal 413 past `limit` bytes (the `setting`)."""
    too_large = Refusal(
        413,
        f"The body is larger than this service accepts ({limit} bytes, {setting}): nothing was read further or written",
    )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise too_large
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    total = 0
    while chunk := request.read(1 << 20):
        total += len(chunk)
        if total > limit:
            spool.close()
            raise too_large
        spool.write(chunk)
    spool.seek(0)
    return spool


def _json(request: HttpRequest, *, case: bool = False) -> Any:
    """A PUT's body (at most CASEQUALITY_API_MAX_BODY_BYTES), parsed streaming: refused
    past CASEQUALITY_JSON_MAX_DEPTH levels (and a case past CASEQUALITY_CASE_MAX_BYTES)
    before anything more is built."""
    with _body(request, settings.CASEQUALITY_API_MAX_BODY_BYTES, "CASEQUALITY_API_MAX_BODY_BYTES") as spool:
        try:
            return ix.parse_json(spool, case=case)
        except InterchangeError as error:
            raise problems(error.problems) from None


@api.post(
    "/imports",
    response={200: ImportSummaryOut, **WRITE_REFUSALS},
    summary="Import a whole interchange document",
    openapi_extra=_json_body("An interchange document (docs/case-format.md) of the token's service.", schema.DOCUMENT),
)
def imports(request):
    """All or nothing, as `casequality import`: on any problem, 422 lists every problem
    with its JSON path and nothing is written. The document's service must be the
    token's (a problem at `service.code` otherwise)."""
    _unknown_parameters(request)
    token: ApiToken = request.auth
    with _body(request, settings.CASEQUALITY_API_MAX_IMPORT_BYTES, "CASEQUALITY_API_MAX_IMPORT_BYTES") as spool:
        try:
            header = ix.read_header(spool)
        except InterchangeError as error:
            raise problems(error.problems) from None
        code = header.get("service", {}).get("code") if isinstance(header.get("service"), dict) else None
        if isinstance(code, str) and code != token.service.code:
            wrong = Problem(
                "service.code",
                f"{ix.show(code)} is not this token's service ({token.service.code!r}): "
                "a token imports into its own service only",
            )
            raise problems([wrong, *ix.validate_source(spool)])
        try:
            summary = interchange_import(spool, actor_name=token.actor_name)
        except InterchangeError as error:
            raise problems(error.problems) from None
    return Status(
        200,
        {
            "service": summary.service.code,
            "cases": summary.cases,
            "created": summary.created,
            "replaced": summary.replaced,
            "staff": summary.staff,
            "records": summary.records,
        },
    )


def _put(request, ident: str, write: Callable[..., bool], *, case: bool = False) -> Status:
    """Write one record from the JSON body with `write(service=, body=, actor_name=)`
    (True if created); its problems are a 422."""
    _unknown_parameters(request)
    token: ApiToken = request.auth
    body = _json(request, case=case)
    try:
        created = write(service=token.service, body=body, actor_name=token.actor_name)
    except InterchangeError as error:
        raise problems(error.problems) from None
    return Status(200, {"id": ident, "created": created})


@api.put(
    "/cases/{path:ref}",
    response={200: PutOut, **WRITE_REFUSALS},
    summary="Create or replace one case",
    openapi_extra=_json_body("An interchange case object whose id is {ref}.", schema.CASE),
)
def case_replace(request, ref: str):
    """The case object is checked and written as one case of an import (its staff must be
    the service's stored staff); problem paths are relative to the case (`child.dob`)."""
    return _put(request, ref, lambda *, body, **kw: bool(case_put(ref=ref, case=body, **kw).created), case=True)


@api.put(
    "/staff/{path:staff_id}",
    response={200: PutOut, **WRITE_REFUSALS},
    summary="Create or replace one member of staff",
    openapi_extra=_json_body("An interchange staff entry whose id is {staff_id}.", schema.STAFF),
)
def staff_replace(request, staff_id: str):
    """Checked as an import checks its staff (the manager must be stored staff or this one)."""
    return _put(request, staff_id, lambda *, body, **kw: staff_put(staff_id=staff_id, entry=body, **kw))


@api.get(
    "/cases/{path:ref}", response={200: dict[str, Any], 404: Detail, **REFUSALS}, summary="Read one case as interchange"
)
def case_read(request, ref: str):
    """The case's record as an interchange case object. A case of another service is not
    found, exactly as a case that does not exist."""
    _unknown_parameters(request)
    token: ApiToken = request.auth
    found = list(case_documents(cases_of_services([token.service_id]).filter(ref=ref)))
    if not found:
        raise Refusal(404, f"No case {ref!r} in service {token.service.code}")
    case, document = found[0]
    access_log_record(actor=None, verb=AccessVerb.VIEW, case=case, target="api case", actor_name=token.actor_name)
    return Status(200, document)


@api.get("/findings", response={200: FindingPage, **REFUSALS}, summary="Findings and tasks, by change")
def findings(request, filters: Query[FindingFilters]):
    """The service's findings and tasks, each at the place of its latest change (opened,
    changed, closed), oldest change first. `since`: a cursor from `next` or `since` of an
    earlier answer; what changed after it."""
    _unknown_parameters(request, FindingFilters.model_fields)
    token: ApiToken = request.auth
    try:
        after = cursor_decode("findings", filters.since)
    except CursorError as error:
        raise problems([Problem("since", str(error))]) from None
    changes = findings_changes(service=token.service, case=filters.case, status=filters.status, rule=filters.rule)
    page = page_after(changes, feed="findings", after=after, limit=filters.limit, horizon=findings_horizon())
    cases = {change.finding.case_id: change.finding.case for change in page.rows}
    with transaction.atomic():
        for case in cases.values():
            access_log_record(
                actor=None, verb=AccessVerb.VIEW, case=case, target="api findings", actor_name=token.actor_name
            )
    return Status(200, page_json(page, lambda change: finding_json(change.finding)))


@api.get("/acts", response={200: ActPage, **REFUSALS}, summary="Casequality's acts, oldest first")
def acts(request, filters: Query[ActFilters]):
    """What people did in Casequality — countersignatures and returns, manager entries,
    requests for oversight — for the CMS to store (docs/case-format.md, "Acts"). Acts are
    never changed, so each is served once; `since`: a cursor from `next` or `since` of
    an earlier answer, for the acts recorded after it."""
    _unknown_parameters(request, ActFilters.model_fields)
    token: ApiToken = request.auth
    try:
        after = cursor_decode("acts", filters.since)
    except CursorError as error:
        raise problems([Problem("since", str(error))]) from None
    page = page_after(
        acts_feed(service=token.service, case=filters.case),
        feed="acts",
        after=after,
        limit=filters.limit,
        horizon=acts_horizon(),
    )
    cases = {act.case_id: act.case for act in page.rows}
    with transaction.atomic():
        for case in cases.values():
            access_log_record(
                actor=None, verb=AccessVerb.VIEW, case=case, target="api acts", actor_name=token.actor_name
            )
    return Status(200, page_json(page, act_json))
