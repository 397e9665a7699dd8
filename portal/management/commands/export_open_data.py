"""manage.py export_open_data DIR: a dated dump of everything public, with datapackage.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.opendata.datapackage import write_dump


class Command(BaseCommand):
    help = (
        "Write every public achievement, need, expert and organisation as CSV into "
        "DIR/keqiao-open-data-YYYY-MM-DD/, described by a Frictionless datapackage.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Where to create the dated folder.")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        target = write_dump(directory)
        self.stdout.write(f"{target}")
