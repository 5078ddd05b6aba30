"""Nothing Casequality serves itself is kept by a browser or a proxy.

Every page and file the views make may carry a child's name or record, so every response
that reaches this middleware says `Cache-Control: no-store` (with Django's never-cache
headers); static files, served by WhiteNoise before it, are cached as usual.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
