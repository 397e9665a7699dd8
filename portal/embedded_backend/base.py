"""Django's PostgreSQL backend, starting the embedded server on the first connection.

settings.DATABASES names this engine only when DATABASE_URL is unset (portal/embedded_db.py).
The server's socket directory and port are known only once it runs, so they are filled into
the settings entry then; every later connection of the process reuses them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from portal.embedded_db import start_embedded_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        if not self.settings_dict["HOST"]:
            host, port = start_embedded_server(Path(self.settings_dict["EMBEDDED_PGDATA"]))
            self.settings_dict["HOST"], self.settings_dict["PORT"] = host, port
        return super().get_connection_params()
