"""claimcheck: cross-check claims across a newsroom's articles and flag where they disagree."""

__version__ = "0.1.0"
