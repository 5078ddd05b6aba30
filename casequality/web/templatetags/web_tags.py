"""Template tags of the web app: the service navigation for the signed-in user's role."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from casequality.reports.trends import kpi_value_text, points_text
from casequality.web.dates import ISO_DAY, govuk_date
from casequality.web.navigation import navigation_groups
from casequality.web.rulebook import rule_metadata

register = template.Library()


@lru_cache(maxsize=256)
def _href(url_name: str, prefix: str, resolver) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _navigation_href(url_name: str) -> str | None:
    """A navigation item's address, reversed once per process, script prefix and URL
    configuration (a test's own, or the patterns loaded again, make a new resolver): a
    dozen reverse() calls on every page cost more than the rest of the navigation."""
    return _href(url_name, get_script_prefix(), get_resolver(get_urlconf()))


@register.inclusion_tag("web/includes/service_navigation.html", takes_context=True)
def service_navigation(context) -> dict:
    """The GOV.UK service navigation: the places this user's role may use, the current one
    marked, and the pages of the current place when it holds several (web/navigation.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    items: list[dict] = []
    pages_here: list[dict] = []
    pages_label = ""
    if user is not None and user.is_authenticated:
        path = request.path
        groups = []
        for label, pages in navigation_groups(user):
            links = []
            for page_label, url_name in pages:
                href = _navigation_href(url_name)
                if href is not None:  # None: a page whose app is not part of this build
                    current = path == href
                    active = not current and href != "/" and path.startswith(href)
                    links.append({"text": page_label, "href": href, "current": current, "active": active})
            if links:
                groups.append((label, links))
        # Only the most specific page is marked (the plan at /board/plan/ is not the dashboard's).
        marked = [link for _, links in groups for link in links if link["current"] or link["active"]]
        longest = max((len(link["href"]) for link in marked), default=0)
        for link in marked:
            if len(link["href"]) < longest:
                link["current"] = link["active"] = False
        for label, links in groups:
            here = any(link["current"] or link["active"] for link in links)
            current = here and len(links) == 1 and links[0]["current"]
            items.append({"text": label, "href": links[0]["href"], "current": current, "active": here and not current})
            if here and len(links) > 1:
                pages_here = links
                pages_label = label
    return {"items": items, "pages_here": pages_here, "pages_label": pages_label, "user": user}


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
    """A JSON value in words: yes/no, lists joined with semicolons, dicts as `key: value`, a date
    as `7 April 2025`."""
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if v is None or v == "":
        return "–"
    if isinstance(v, dict):
        return "; ".join(f"{words(k)}: {text(x)}" for k, x in v.items())
    if isinstance(v, list):
        return "; ".join(text(x) for x in v) or "none"
    if isinstance(v, str) and ISO_DAY.fullmatch(v):
        return govuk_date(v)
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


@register.filter
def objective(value) -> str:
    """A plan objective as sentences: its aim, who does it and by when, and what it addresses.

    `{"text": "Theo will attend…", "who": "Theo and the case manager", "by": "2025-04-07",
    "addresses": ["thinking_and_behaviour"]}` reads "Theo will attend… Theo and the case
    manager, by 7 April 2025. Addresses thinking and behaviour." A missing person or date is
    said in words, because a practitioner (and PLAN-002) looks for exactly that.
    """
    if not isinstance(value, dict):
        return text(value)
    aim = str(value.get("text") or "No aim written.").strip()
    if aim[-1:] not in ".!?":
        aim += "."
    who, by = value.get("who"), govuk_date(value.get("by"))
    if who and by:
        doer = f"{who}, by {by}."
    elif who:
        doer = f"{who}; no date set."
    elif by:
        doer = f"No one named, by {by}."
    else:
        doer = "No one named and no date set."
    addresses = [words(a) for a in value.get("addresses") or []]
    sentences = [aim, doer[0].upper() + doer[1:]]
    if addresses:
        sentences.append("Addresses " + _and(addresses) + ".")
    return " ".join(sentences)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_TAGS = {
    "task": mark_safe('<strong class="govuk-tag govuk-tag--blue">Task</strong>'),
    "must": mark_safe('<strong class="govuk-tag govuk-tag--red">Must</strong>'),
    "should": mark_safe('<strong class="govuk-tag govuk-tag--orange">Should</strong>'),
}


@register.filter
def finding_tag(finding) -> str:
    """A finding's tag: Task, Must or Should (was an include per row: includes cost per call)."""
    if finding.kind == "task":
        return _TAGS["task"]
    return _TAGS["must"] if finding.severity == "must" else _TAGS["should"]


@register.filter
def select_options(field) -> str:
    """A select's options, the field's value selected, by a Jinja2 template
    (web/jinja2/web/fields/select_options.html): a loop of an `if` and two filters an option
    in Django's template language, then format_html an option, cost the caseload's filter of
    a hundred rules a tenth of the page's time (decision 0043)."""
    context = {"choices": field.field.choices, "selected": str(field.value())}
    # Jinja2 escaped every value it put in (autoescape: settings.TEMPLATES).
    return mark_safe(render_to_string("web/fields/select_options.html", context, using="jinja2"))


@register.filter
def owner_words(owner: str) -> str:
    """Who a finding is for: "CM" -> "Case manager", "TM" -> "Team manager", "CM,TM" -> both."""
    names = {"CM": "Case manager", "TM": "Team manager"}
    parts = [names.get(p.strip(), p.strip()) for p in str(owner or "").split(",") if p.strip()]
    if len(parts) == 2:
        return f"{parts[0]} and {parts[1].lower()}"
    return parts[0] if parts else "–"


@register.filter
def level_tag_class(level: str) -> str:
    """The GOV.UK tag colour of a RoSH or vulnerability level or a likelihood band (the word is shown too)."""
    return {
        "very_high": "govuk-tag--red",
        "high": "govuk-tag--red",
        "medium": "govuk-tag--yellow",
        "low": "govuk-tag--green",
    }.get(str(level), "govuk-tag--grey")


@register.filter
def rule_info(rule_id: str) -> dict:
    """A rule's metadata from the rulebook (title, remedy, ...; empty for a rule it does not hold)."""
    return rule_metadata(rule_id) or {}


@register.filter
def points(change) -> str:
    """A change in percentage points in words: "up 5 points", "down 1 point", "no change", "–"."""
    return points_text(change)


@register.filter
def percent(share) -> str:
    """A share (0-1) as a whole percentage, "–" when unknown."""
    return "–" if share is None else f"{round(100 * share)}%"


@register.filter
def action_status_tag_class(status: str) -> str:
    """The GOV.UK tag colour of an improvement plan action's status (the word is shown too)."""
    return {
        "not_started": "govuk-tag--grey",
        "on_track": "govuk-tag--green",
        "at_risk": "govuk-tag--yellow",
        "off_track": "govuk-tag--red",
        "done": "govuk-tag--blue",
        "dropped": "govuk-tag--grey",
    }.get(str(status), "govuk-tag--grey")


@register.filter
def kpi_value(kpi) -> str:
    """A KPI's figure in a quarter: a share with its counts, a count, or a rate per reoffender."""
    return kpi_value_text(kpi)


# What a finding's subject is, in words: its subject_type as the case page names the record.
SUBJECT_WORDS = {"outcome": "out-of-court outcome", "diversion": "PDAT assessment", "victim": "victim"}
# The subject types whose record the case page shows in a section of its own (#type-ref).
SUBJECT_SECTIONS = frozenset(SUBJECT_WORDS)


@register.filter
def subject_words(finding, within: str = "") -> str:
    """ "Out-of-court outcome OC2", "PDAT assessment PD1", "Assessment A2"; "The case" if none.
    `within` "sentence": as words inside a sentence ("out-of-court outcome OC2")."""
    if not finding.subject:
        return "the case" if within else "The case"
    kind = SUBJECT_WORDS.get(finding.subject_type, words(finding.subject_type))
    return f"{kind if within else kind[:1].upper() + kind[1:]} {finding.subject}"


@register.filter
def subject_anchor(finding) -> str:
    """The case page's anchor for the finding's record ("outcome-OC2"), or "" if it has none."""
    if finding.subject and finding.subject_type in SUBJECT_SECTIONS:
        return f"{finding.subject_type}-{finding.subject}"
    return ""


# docs/case-format.md, "Out-of-court outcomes"
OUTCOME_WORDS = {
    "community_resolution": "community resolution",
    "outcome_22": "Outcome 22",
    "outcome_21": "Outcome 21",
    "outcome_23": "Outcome 23 (deferred prosecution)",
    "youth_caution": "youth caution",
    "youth_conditional_caution": "youth conditional caution",
}


@register.filter
def outcome_words(kind: str) -> str:
    """An out-of-court outcome's type in words: `outcome_22` -> `Outcome 22`."""
    return OUTCOME_WORDS.get(kind, words(kind))


@register.filter
def instrument_words(instrument: str) -> str:
    """An assessment's instrument as it is written: `assetplus` -> `AssetPlus`, `asset` -> `Asset`."""
    return {"assetplus": "AssetPlus", "asset": "Asset"}.get(instrument, words(instrument).capitalize())


@register.filter
def get(mapping, key):
    """`mapping[key]`, or None (a JSON part that may be missing or not a mapping)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
