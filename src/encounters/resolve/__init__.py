"""Resolve stage: mentions in, incidents with stable ids and merged, sourced field values out."""
from encounters.resolve.cluster import Assignment, compare, incident_id_for, resolve_mentions
from encounters.resolve.merge import summarise

__all__ = ["Assignment", "compare", "incident_id_for", "resolve_mentions", "summarise"]
