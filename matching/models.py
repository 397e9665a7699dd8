"""Models arrive with the matching issue; the app exists so the layout is real from the start."""
