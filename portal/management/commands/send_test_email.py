"""manage.py send_test_email ADDRESS — check the email settings end to end."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.mail import queue_email


class Command(BaseCommand):
    help = "Send a test email (through the task queue when REDIS_URL is set)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")
        parser.add_argument("--language", default="zh-hans", choices=["en", "zh-hans"])

    def handle(self, *args: Any, **options: Any) -> None:
        queue_email(
            to=options["address"],
            language=options["language"],
            template="test_message",
            context={},
        )
        self.stdout.write(self.style.SUCCESS(f"Test email queued for {options['address']}."))
