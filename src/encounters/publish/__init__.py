"""Publish stage: the stored record out — exports (JSON/CSV/GeoJSON) and terminal views."""
