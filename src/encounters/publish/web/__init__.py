"""The web app (FastAPI): pages, JSON API, exports and review. ``create_app`` builds it."""
from encounters.publish.web.app import create_app

__all__ = ["create_app"]
