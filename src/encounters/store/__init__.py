"""Store stage: model objects in, rows in SQLite or PostgreSQL out (and back)."""
from encounters.store.repository import DEFAULT_URL, Store, open_store

__all__ = ["DEFAULT_URL", "Store", "open_store"]
