"""Django's PostgreSQL backend, starting the embedded server on the first connection."""
