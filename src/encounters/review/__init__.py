"""Review stage: a person's decisions on the record (merge, split), recorded with a reason."""
from encounters.review.decisions import merge_incidents, split_incident

__all__ = ["merge_incidents", "split_incident"]
