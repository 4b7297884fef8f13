"""encounters: news reports in, a grounded public record of use-of-force incidents out."""
__version__ = "0.1.0"
