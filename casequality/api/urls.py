from functools import wraps

from django.urls import URLPattern, path, re_path

from casequality.api.api import api
from casequality.api.views import reference
from casequality.errors import PROBLEM_JSON, problem_response


def _problems_only(view):
    """Any error answer a route gives without problem details (django-ninja's own 405 for a
    method the route does not take) is given as problem details (RFC 9457)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            headers = {"Allow": response["Allow"]} if response.has_header("Allow") else None
            detail = (
                f"This address takes {response['Allow']}, not {request.method}"
                if response.status_code == 405
                else "The request was refused"
            )
            return problem_response(response.status_code, detail, headers=headers)
        return response

    return answer


def _not_found(request, rest=""):
    return problem_response(404, f"No operation at {request.path}: the operations are listed at /api/v1/docs")


_operations, _app_name, _namespace = api.urls
_wrapped = [URLPattern(p.pattern, _problems_only(p.callback), p.default_args, p.name) for p in _operations]

# No app_name: django-ninja finds its own routes by its namespace ("api", api.py).
urlpatterns = [
    path("docs", reference, name="api-reference"),
    path("", (_wrapped, _app_name, _namespace)),
    re_path(r"^(?P<rest>.*)$", _not_found),
]
