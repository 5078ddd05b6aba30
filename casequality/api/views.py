"""The API's reference page, /api/v1/docs: rendered on the server from the OpenAPI schema.

Swagger UI (which django-ninja offers) needs JavaScript and, unless vendored, a CDN;
this page is a GOV.UK page like the others: no script, nothing downloaded.
"""

from __future__ import annotations

import json

from django.shortcuts import render

from casequality.api.api import api

METHODS = ("get", "post", "put", "patch", "delete")


def reference(request):
    spec = api.get_openapi_schema(path_prefix=request.path.removesuffix("docs").rstrip("/"))
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": json.dumps(body, indent=2) if body and len(json.dumps(body)) < 4000 else None,
                    "body_described": body is not None,
                    "responses": sorted(operation.get("responses", {}).items()),
                }
            )
    return render(request, "api/reference.html", {"spec": spec, "operations": operations})
