"""Extract stage: ``Document`` in, incident ``Mention`` records (with spans, accounts, claims) out."""
from encounters.extract.pipeline import Extractor, RuleExtractor, get_extractor

__all__ = ["Extractor", "RuleExtractor", "get_extractor"]
