"""Expert pool pages: the finder and profiles (profiles.py), assessments (assessments.py)."""
