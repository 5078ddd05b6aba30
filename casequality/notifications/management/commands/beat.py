"""`casequality beat`: the one scheduler of a deployment (Celery beat): the daily digest."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run the scheduler (Celery beat): at CASEQUALITY_DIGEST_TIME on CASEQUALITY_DIGEST_DAYS it asks the "
        "workers (`casequality worker`) to send the daily digest. Run exactly one for the whole deployment "
        "(docs/operating.md); a second one sends no email twice, but asks twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-file",
            default="casequality-beat-schedule",
            help="where beat keeps when each job last ran, so a restart neither repeats nor misses one "
            "(default: casequality-beat-schedule in the working directory)",
        )
        parser.add_argument("--loglevel", default="INFO", help="DEBUG, INFO, WARNING or ERROR (default INFO)")

    def handle(self, *args, schedule_file: str, loglevel: str, **options):
        if not settings.CASEQUALITY_BROKER_URL:
            raise CommandError(
                "Set CASEQUALITY_BROKER_URL to run the scheduler: it sends its jobs to the workers. Without a "
                "broker, run `casequality digest` from cron instead."
            )
        from casequality.notifications.schedule import beat_schedule
        from casequality.tasks.checks import broker_url_problem
        from casequality.tasks.worker import configure

        problem = broker_url_problem()
        if problem:
            raise CommandError(problem)
        app = configure()
        app.conf.beat_schedule = beat_schedule()
        app.Beat(schedule=schedule_file, loglevel=loglevel).run()
