"""sourcebox: a terminal bibliography and source-archive manager."""

__version__ = "0.1.0"
