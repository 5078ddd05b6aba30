"""Lighthouse's mobile performance score for the five main pages, each as its user sees it.

A figure, not a test (issue 23, item 8): Lighthouse's score moves with the machine's load,
so docs/benchmarks/pages.md records it with its date and the command.

Run against a demo that is serving (`make demo`, or `casequality demo --addrport ...`):

    (cd benchmarks/lighthouse && npm ci)
    .venv/bin/python benchmarks/bench_lighthouse.py --base-url http://127.0.0.1:8000

Each person signs in with the demo's password (the demo has no second factor); Lighthouse
then loads the page with that session's cookie, in Debian's Chromium, with its default
mobile settings (a mid-range phone on a slow 4G connection, simulated).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"

# The five main pages and the demo login that uses each.
PAGES = [
    ("case-manager", "/today/"),
    ("case-manager", "/cases/"),
    ("team-manager", "/oversight/"),
    ("qa-lead", "/audits/"),
    ("board", "/board/"),
]


def session_cookie(base_url: str, username: str, password: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base_url}/accounts/login/"
    html = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    opener.open(urllib.request.Request(login, data.encode(), headers={"Referer": login}))
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"{username} could not sign in at {login}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def lighthouse(url: str, cookie: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--extra-headers={json.dumps({'Cookie': cookie})}",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
        )
        return json.loads(report.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Install Lighthouse first: (cd benchmarks/lighthouse && npm ci)")
    print("| Page | As | Performance | First contentful paint | Largest contentful paint | Bytes |")
    print("|---|---|---|---|---|---|")
    for username, path in PAGES:
        cookie = session_cookie(args.base_url, username, args.password)
        report = lighthouse(args.base_url + path, cookie, args.chromium)
        audits = report["audits"]
        final = urllib.parse.urlparse(report.get("finalDisplayedUrl") or report["finalUrl"]).path
        if final != path:
            sys.exit(f"{username}: {path} ended at {final}, not the page asked for")
        print(
            f"| `{path}` | {username} | {round(report['categories']['performance']['score'] * 100)} "
            f"| {audits['first-contentful-paint']['displayValue']} "
            f"| {audits['largest-contentful-paint']['displayValue']} "
            f"| {audits['total-byte-weight']['displayValue']} |"
        )


if __name__ == "__main__":
    main()
