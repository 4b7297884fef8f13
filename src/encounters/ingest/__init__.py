"""Ingest stage: files and records in, cleaned ``Document`` records out (errors as values)."""
from encounters.ingest.readers import Loaded, read_file, read_paths

__all__ = ["Loaded", "read_file", "read_paths"]
