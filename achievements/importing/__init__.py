"""Bulk import and export of listings (CSV, XLSX, JSON Lines); see docs/import.md."""
