"""The README's screenshots, made from the demo so that they always show what it shows.

    make screenshots                     # or: .venv/bin/python scripts/screenshots.py

Builds a fresh demo database in a temporary folder (`casequality demo`, as `make demo`
does: its year of sweeps and its improvement plan, decision 0051), serves it, signs in as
each demo login in headless Chromium (Debian's package, driven by Playwright as the
browser tests drive it) and writes each page the README shows to docs/screenshots/ twice:
`<name>.png` at 1280 px wide and `<name>-390.png` at 390 px (a phone). Each is the top of
the page as its user first sees it (1280 x 800 and 390 x 844), not the whole scroll.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"  # as tests/conftest.py: Debian's, never a downloaded browser
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTHS = {"": (1280, 800), "-390": (390, 844)}
PASSWORD = "demo"

# (login, name, where): `where` is a path, or (a path, a link on it to follow: CSS selector).
SHOTS: list[tuple[str, str, str | tuple[str, str]]] = [
    ("case-manager", "today", "/today/"),
    ("case-manager", "caseload", "/cases/"),
    ("case-manager", "case", ("/cases/", "main table a.govuk-link[href^='/cases/']")),
    ("team-manager", "oversight", "/oversight/"),
    ("team-manager", "oversight-item", ("/oversight/", "main table a.govuk-link[href^='/oversight/']")),
    ("qa-lead", "measures", "/measures/"),
    ("qa-lead", "rules", "/rules/"),
    ("board", "board-trends", "/board/"),
    ("board", "improvement-plan", "/board/plan/"),
    ("board", "plan-action", ("/board/plan/", "#plan a:has-text('vulnerability management plan')")),
    ("board", "kpis-board", "/kpis/"),
    ("inspector", "inspector", "/"),
    ("admin", "admin", "/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The demo stopped (exit {process.returncode}) before it served {url}")
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own local server
            return
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    sys.exit(f"The demo did not serve {url} within {seconds:.0f} s")


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        sys.exit(f"{username} could not sign in to the demo")


def shoot(browser, base: str, out: Path) -> list[Path]:
    written = []
    for login in dict.fromkeys(login for login, _, _ in SHOTS):
        for suffix, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.set_default_timeout(60_000)
            sign_in(page, base, login)
            for who, name, where in SHOTS:
                if who != login:
                    continue
                if isinstance(where, tuple):
                    path, link = where
                    page.goto(base + path)
                    href = page.locator(link).first.get_attribute("href")
                    if not href:
                        sys.exit(f"No link {link} on {path} for {login}")
                    page.goto(base + href)
                else:
                    page.goto(base + where)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}{suffix}.png"
                page.screenshot(path=str(target))
                written.append(target)
                print(f"  {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}", flush=True)
            context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="the demo's size (default 300, as make demo)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default docs/screenshots/)")
    args = parser.parse_args()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="casequality-screenshots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "CASEQUALITY_DEMO": "true",
            "CASEQUALITY_BROKER_URL": "",
        }
        started = time.perf_counter()
        print(f"Building the demo ({args.cases} cases) and serving it on {base} ...", flush=True)
        log = open(Path(tmp) / "demo.log", "w")  # noqa: SIM115 - closed below
        demo = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "casequality"),
                "demo",
                "--cases",
                str(args.cases),
                "--addrport",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"{base}/accounts/login/", demo, seconds=900)
            print(f"Served after {time.perf_counter() - started:.0f} s; signing in as each login:", flush=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    written = shoot(browser, base, args.out)
                finally:
                    browser.close()
        finally:
            demo.terminate()
            try:
                demo.wait(timeout=20)
            except subprocess.TimeoutExpired:
                demo.kill()
            log.close()
    print(f"Wrote {len(written)} screenshots in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
