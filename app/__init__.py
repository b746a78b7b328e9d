"""newsstore: a self-hosted news search API."""

__version__ = "0.1.0"
