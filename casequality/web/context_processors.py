"""What every page's template needs to know about the site itself."""

from __future__ import annotations

from casequality.accounts.signin import demo_database as is_demo_database


def demo_database(request) -> dict:
    """`demo_database`: the banner on every page of a database made by `casequality demo`.

    A callable, so the one query runs only when a template asks (once per page)."""
    cache: list[bool] = []

    def demo() -> bool:
        if not cache:
            cache.append(is_demo_database())
        return cache[0]

    return {"demo_database": demo}
