"""The settings check of background work: RabbitMQ is the broker (docs/operating.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

REDIS_REFUSED = (
    "CASEQUALITY_BROKER_URL names Redis ({scheme}://): Casequality's broker is RabbitMQ (amqp:// or amqps://). "
    "With Redis a task whose worker dies stays invisible until Redis's visibility timeout (an hour by default) "
    'before any worker runs it again; RabbitMQ gives it back at once (docs/operating.md, "The broker").'
)
SCHEMES = ("amqp", "amqps", "pyamqp")


def broker_url_problem() -> str | None:
    """Why CASEQUALITY_BROKER_URL is refused, or None (unset: tasks run in the process)."""
    url = (getattr(settings, "CASEQUALITY_BROKER_URL", "") or "").strip()
    if not url:
        return None
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("redis", "rediss", "redis+socket", "sentinel"):
        return REDIS_REFUSED.format(scheme=scheme)
    if scheme not in SCHEMES:
        return (
            f"CASEQUALITY_BROKER_URL must be a RabbitMQ address, amqp://user:password@host:5672/vhost "
            f"(or amqps:// with TLS); it begins {scheme + '://' if scheme else 'with no scheme'}."
        )
    return None


@register(Tags.compatibility, deploy=False)
def broker_is_rabbitmq(app_configs=None, **kwargs) -> list[Error]:
    problem = broker_url_problem()
    return [Error(problem, id="tasks.E001")] if problem else []
