"""Static files: only the GOV.UK Frontend parts in use, hashed names, compressed, cached for
a year, and nothing a page or a style sheet names is missing (decision 0044)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "casequality"
FRONTEND = ROOT / "frontend"
COMPONENTS = FRONTEND / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
SOURCES = (".html", ".py", ".jinja", ".css", ".js")


def _source_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*")
        if path.suffix in SOURCES and "vendor" not in path.parts and path.is_file()
    )


def _components_used() -> set[str]:
    text = _source_text()
    names = sorted((p.name for p in COMPONENTS.iterdir() if p.is_dir()), key=len, reverse=True)
    return {name for name in names if re.search(rf"govuk-{re.escape(name)}(?:__|--|[\"' ])", text)}


def _components_compiled() -> set[str]:
    return set(
        re.findall(r'@use "govuk-frontend/dist/govuk/components/([a-z-]+)"', (FRONTEND / "src/govuk.scss").read_text())
    )


def _static_page(client) -> str:
    return client.get("/accounts/login/").content.decode()


@pytest.mark.once
@pytest.mark.skipif(not COMPONENTS.exists(), reason="GOV.UK Frontend is installed by `make install`")
def test_every_govuk_component_a_template_uses_is_compiled_and_no_other():
    assert _components_compiled() == _components_used()


@pytest.mark.once
def test_every_component_a_template_starts_with_data_module_is_in_the_script_bundle_and_no_other():
    started = set(re.findall(r"^  ([A-Z][A-Za-z]+),?$", (FRONTEND / "src/init.mjs").read_text(), flags=re.M))
    named = set(re.findall(r'data-module="govuk-([a-z-]+)"', _source_text()))
    as_classes = {"".join(part.title() for part in name.split("-")) for name in named}
    assert started - {"CreateAll"} == as_classes


def test_a_page_names_its_style_sheet_and_script_by_hashed_names(client, db):
    html = _static_page(client)
    assert re.search(r'href="/static/govuk/frontend\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'href="/static/web/casequality\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'src="/static/govuk/frontend\.[0-9a-f]{12}\.js"', html)


def test_a_hashed_static_file_is_cached_for_a_year_and_sent_compressed(client, db):
    path = staticfiles_storage.url("govuk/frontend.css")
    response = client.get(path, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    max_age = re.search(r"max-age=(\d+)", response.headers["Cache-Control"])
    assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600
    assert "immutable" in response.headers["Cache-Control"]


def test_every_file_the_style_sheets_name_was_collected():
    root = Path(settings.STATIC_ROOT)
    missing = []
    for sheet in ("govuk/frontend.css", "web/casequality.css"):
        collected = root / staticfiles_storage.stored_name(sheet)
        for url in re.findall(r"url\(\"?([^\")]+)\"?\)", collected.read_text(encoding="utf-8")):
            if url.startswith("data:"):
                continue
            target = (collected.parent / url.split("#")[0].split("?")[0]).resolve()
            if not target.exists():
                missing.append((sheet, url))
    assert missing == []


def test_no_gds_transport_font_is_named_or_fetched():
    root = Path(settings.STATIC_ROOT)
    css = (root / staticfiles_storage.stored_name("govuk/frontend.css")).read_text(encoding="utf-8")
    assert "GDS Transport" not in css
    assert "woff" not in css


def test_a_page_is_sent_compressed_to_a_browser_that_asks(client, cast):
    client.force_login(cast.cm_a)
    response = client.get("/cases/", headers={"accept-encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_an_api_answer_is_never_compressed(client, db):
    response = client.get("/api/v1/cases", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
