"""manage.py seed_demo — create (or refresh) the fictional demo world."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.demo_world import DEMO_PASSWORD, LOGINS, seed_demo_world


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, users, achievements, needs and experts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (the demo logins share one published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to seed demo logins with DEBUG off; pass --allow-production to insist."
            )
        counts = seed_demo_world()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo world ready: {summary}."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login in LOGINS:
            self.stdout.write(f"  {login.email:<28} {login.what}")
