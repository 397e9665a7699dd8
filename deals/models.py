"""Models arrive with the deals issue; the app exists so the layout is real from the start."""
