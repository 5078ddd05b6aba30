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


@register.filter
def words(value) -> str:
    """`referral_order` -> `referral order`."""
    return str(value or "").replace("_", " ")


@register.filter(name="plain")
def text(v) -> str:
    """A JSON value in words: yes/no, lists joined with semicolons, dicts as `key: value`."""
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if v is None or v == "":
        return "–"
    if isinstance(v, dict):
        return "; ".join(f"{words(k)}: {text(x)}" for k, x in v.items())
    if isinstance(v, list):
        return "; ".join(text(x) for x in v) or "none"
    return str(v)


@register.filter
def as_rows(value) -> list[tuple[str, str]]:
    """A record's JSON part as (label, text) rows for a summary list, flattened one level down."""
    rows: list[tuple[str, str]] = []

    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    rows.append((f"{words(key)}: {words(k2)}".capitalize(), text(v2)))
            else:
                rows.append((words(key).capitalize(), text(v)))
    elif isinstance(value, list):
        for i, v in enumerate(value, 1):
            rows.append((str(i), text(v)))
    return rows
