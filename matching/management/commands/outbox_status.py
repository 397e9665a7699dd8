"""manage.py outbox_status — how the email outbox is doing (add --sweep to run the sweeper)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from matching.notifications.outbox import outbox_health, outbox_sweep


class Command(BaseCommand):
    help = (
        "Show the email outbox: pending, sending, failed and stuck counts and the age of the "
        "oldest pending email."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="first run the sweeper once (where no beat runs, e.g. without REDIS_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sweep"]:
            swept = outbox_sweep()
            self.stderr.write(
                f"swept: {swept.reclaimed} reclaimed, {swept.failed} failed, "
                f"{swept.requeued} enqueued, digest builds started: {swept.digests or 'none'}"
            )
        health = outbox_health()
        if options["json"]:
            self.stdout.write(json.dumps(health))
        else:
            oldest = health["oldest_pending_seconds"]
            self.stdout.write(f"pending:        {health['pending']}")
            self.stdout.write(f"sending:        {health['sending']}")
            self.stdout.write(f"stuck sending:  {health['stuck_sending']}")
            self.stdout.write(f"failed:         {health['failed']}")
            self.stdout.write(
                "oldest pending: " + ("none" if oldest is None else f"{oldest:.0f} s")
            )
