"""manage.py rebuild_search_index — rebuild the whole search index while search keeps working."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.search.rebuilding import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of achievements, needs and experts from the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Database connections filling the index at once (default 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Rebuilding the search index…")
        report = rebuild(workers=max(1, options["workers"]), log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {int(report['documents'])} public documents,"
                f" {int(report['rows_segmented'])} rows segmented, in {report['seconds']} s."
            )
        )
