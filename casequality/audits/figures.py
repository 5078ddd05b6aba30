"""Assumed figures a service may set for its own audits (issue 24, item 2; decision 0054).

A framework marks assumed the figures no published source gives. A service's QA lead may
replace two kinds for the service's audits: the rating bands of a standard, and how a
sample's size grows with the caseload (its confidence and margin; the published least and
largest sizes stay). The cap per case manager is already set on each audit when it is made. The replacement is
written into the copy of the framework an audit freezes when it is created, as a new
assumption naming the service, who set it, when and why, in place of the framework's: so
every page and report that shows the assumption shows the service's figure, and audits made
before never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from casequality.audits.frameworks import Framework, framework_data, framework_get
from casequality.audits.models import FigureOverride
from casequality.cases.models import Service


@dataclass(frozen=True)
class Figure:
    key: str
    title: str


FIGURES = {
    "standard_bands": Figure("standard_bands", "Rating bands of a standard (lowest key question, per cent)"),
    "sample_children": Figure("sample_children", "Children's sample: confidence and margin"),
    "sample_victims": Figure("sample_victims", "Victims' sample: confidence and margin"),
}


class FigureError(Exception):
    pass


def figures_assumed(framework: Framework) -> list[tuple[Figure, str | None, Any]]:
    """The figures of a framework a service may set: (figure, the assumption id it rests on,
    the framework's value). Only figures the framework marks assumed."""
    out: list[tuple[Figure, str | None, Any]] = []
    rating, sampling = framework.rating, framework.sampling
    if rating is not None and rating.standard_assumed:
        bands = {b.rating: int(b.at_least) for b in rating.standard_bands if b.at_least > 0}
        out.append((FIGURES["standard_bands"], rating.standard_assumed, bands))
    if sampling is not None:
        for sample, size in sampling.sizes.items():
            if size.assumed and f"sample_{sample}" in FIGURES:
                value = {"confidence": round(size.confidence * 100), "margin": round(size.margin * 1000) / 10}
                out.append((FIGURES[f"sample_{sample}"], size.assumed, value))
    return out


def _check(figure: str, value: Any) -> Any:
    if figure == "standard_bands":
        try:
            o, g, r = (int(value[k]) for k in ("outstanding", "good", "requires_improvement"))
        except (KeyError, TypeError, ValueError):
            raise FigureError("Enter a whole number for each band") from None
        if not 100 >= o > g > r > 0:
            raise FigureError("Each band must start lower than the one above it, between 1 and 100")
        return {"outstanding": o, "good": g, "requires_improvement": r}
    if figure in ("sample_children", "sample_victims"):
        try:
            confidence, margin = float(value["confidence"]), float(value["margin"])
        except (KeyError, TypeError, ValueError):
            raise FigureError("Enter the confidence and the margin as numbers") from None
        if not 50 <= confidence <= 99.9 or not 1 <= margin <= 50:
            raise FigureError("The confidence must be between 50 and 99.9 per cent and the margin between 1 and 50")
        return {"confidence": confidence, "margin": margin}
    raise FigureError(f"{figure} is not a figure a service may set")


@transaction.atomic
def figure_override_save(
    *, service: Service, framework_id: str, figure: str, value: Any, reason: str, actor
) -> FigureOverride:
    """Set (or change) the service's figure; raises FigureError and writes nothing on bad input."""
    framework = framework_get(framework_id)
    if figure not in {f.key for f, _, _ in figures_assumed(framework)}:
        raise FigureError(f"{framework.title} does not mark this figure assumed: it cannot be set")
    if not reason.strip():
        raise FigureError("Say why the service sets this figure")
    override, _ = FigureOverride.objects.update_or_create(
        service=service,
        framework=framework_id,
        figure=figure,
        defaults={
            "value": _check(figure, value),
            "reason": reason.strip(),
            "set_by": actor,
            "set_by_name": actor.get_full_name() or actor.get_username(),
        },
    )
    return override


def figure_override_remove(*, service: Service, framework_id: str, figure: str) -> None:
    FigureOverride.objects.filter(service=service, framework=framework_id, figure=figure).delete()


def _words(figure: str, value: Any) -> str:
    if figure == "standard_bands":
        return (
            f"Outstanding from {value['outstanding']}%, Good from {value['good']}%, "
            f"Requires improvement from {value['requires_improvement']}%"
        )
    return f"{value['confidence']:g}% confidence, {value['margin']:g}% margin"


def framework_data_for(service: Service, framework_id: str) -> dict:
    """The framework's content as an audit of this service freezes it: the file, with each
    figure the service set in place of the framework's, and a new assumption saying so."""
    data = framework_data(framework_id)
    assumptions = {a["id"]: a["text"] for a in data.get("assumptions") or []}
    for n, override in enumerate(FigureOverride.objects.filter(service=service, framework=framework_id), 1):
        value, figure = override.value, override.figure
        if figure == "standard_bands":
            place = data["rating"]["standard"]
            place["bands"] = [
                *({"rating": k, "at_least": value[k]} for k in ("outstanding", "good", "requires_improvement")),
                {"rating": "inadequate", "at_least": 0},
            ]
            key = "assumed"
        else:
            place = data["sampling"]["sizes"][figure.removeprefix("sample_")]
            place["confidence"], place["margin"] = value["confidence"] / 100, value["margin"] / 100
            key = "assumed"
        was = place.get(key)
        new_id = f"S{n}"
        data.setdefault("assumptions", []).append(
            {
                "id": new_id,
                "text": (
                    f"{service.name} set {FIGURES[figure].title.lower()}: {_words(figure, value)}, for its own "
                    f"audits ({override.set_by_name}, {override.set_at:%d %B %Y}), because: {override.reason} "
                    f"In place of {was}: {assumptions.get(was, 'the framework file')}"
                ),
            }
        )
        place[key] = new_id
    return data
