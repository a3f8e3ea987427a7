"""goalcheck: targets as code, judged against reported figures."""

__version__ = "0.1.0"
