"""Saved searches: a search page's query string kept with a name and a frequency, run again as
its owner by a periodic task, each new visible result a notification (docs/notifications.md)."""
