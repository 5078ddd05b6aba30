"""Template tags of the web app: the service navigation for the signed-in user's role."""
from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from casequality.web.navigation import navigation_items

register = template.Library()


@register.inclusion_tag("web/includes/service_navigation.html", takes_context=True)
def service_navigation(context) -> dict:
    """The GOV.UK service navigation: the pages this user's role may use, the current one marked."""
    request = context.get("request")
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        path = request.path
        for label, url_name in navigation_items(user):
            try:
                href = reverse(url_name)
            except NoReverseMatch:  # a page whose app is not part of this build
                continue
            current = path == href
            active = not current and href != "/" and path.startswith(href)
            items.append({"text": label, "href": href, "current": current, "active": active})
    return {"items": items, "user": user}


@register.filter
def severity_tag_class(severity: str) -> str:
    """The GOV.UK tag colour for a finding's severity (never colour alone: the word is shown too)."""
    return {
        "critical": "govuk-tag--red",
        "high": "govuk-tag--orange",
        "medium": "govuk-tag--yellow",
        "low": "govuk-tag--grey",
    }.get(str(severity).lower(), "govuk-tag--grey")
