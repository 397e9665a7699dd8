"""Open data: every public row of achievements, needs, experts and organisations as CSV and
JSON Lines, streamed in constant memory, and dumped with a Frictionless Data descriptor."""
