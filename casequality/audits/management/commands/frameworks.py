"""`casequality frameworks`: the audit frameworks available, or one in full."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casequality.audits.frameworks import LENSES, FrameworkError, framework_get, frameworks_all


class Command(BaseCommand):
    help = "List the audit frameworks (shipped and from CASEQUALITY_FRAMEWORK_DIRS), or show one's questions."

    def add_arguments(self, parser):
        parser.add_argument("framework", nargs="?", help="a framework id: show its themes and questions")

    def handle(self, *args, framework=None, **options):
        try:
            if framework:
                self._show(framework_get(framework))
                return
            for f in frameworks_all():
                self.stdout.write(f"{f.id}\t{f.title}\t{len(f.themes)} themes, {len(f.questions)} questions\t{f.path}")
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None

    def _show(self, f):
        self.stdout.write(f"{f.id}: {f.title}")
        if f.source:
            self.stdout.write(f"source: {f.source}")
        for theme in f.themes:
            sample = f" ({theme.sample}' cases)".replace("children'", "children's") if f.sampling else ""
            self.stdout.write(f"\n{theme.id}. {theme.title}{sample}")
            for q in theme.questions:
                self.stdout.write(f"  {q.id}{' (key)' if q.key else ''} {q.text}")
                self.stdout.write(f"      applies to: {q.applies_to_text}")
                if q.lenses:
                    self.stdout.write(f"      lenses: {'; '.join(LENSES[lens] for lens in q.lenses)}")
                for prompt in q.prompts:
                    self.stdout.write(f"      prompt: {prompt}")
                if q.source:
                    self.stdout.write(f"      source: {q.source}")
                if q.assumed:
                    self.stdout.write(f"      assumed: {q.assumed} (see the framework's assumptions)")
                for key, words in q.reasons.items():
                    self.stdout.write(f"      no: {key} ({words})")
                for s in q.suggested_by:
                    self.stdout.write(f"      suggested by {s.rule}" + (f" -> {s.reason}" if s.reason else ""))
        for j in f.judged_standards:
            overall = "" if j.in_overall else ", not in the overall rating"
            self.stdout.write(f"\n{j.id}. {j.title} (judged by inspectors{overall}; {j.domain})")
            for prompt in j.prompts:
                self.stdout.write(f"      prompt: {prompt}")
            self.stdout.write(f"      source: {j.source}")
        for a in f.assumptions:
            self.stdout.write(f"\nAssumption {a.id}: {a.text}")
