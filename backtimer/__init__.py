"""backtimer: a guided, spoken exercise timer for people with lower-back pain."""

__version__ = "0.1.0"
