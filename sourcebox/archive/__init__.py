"""The only network code: Wayback lookups (CDX via waybackpy), SPN2 and SPN v1 saves.

Must not import the database, the CLI or the TUI. Nothing is re-exported here, so
that importing the pure ``sourcebox.archive.urls`` does not load httpx or waybackpy:

- ``client``: ``WaybackArchiver`` (the ``Archiver`` protocol), ``ArchiveResult``, hooks
- ``lookup``: ``CdxLookup.newest()`` -> ``Capture``
- ``spn2`` / ``spn1``: the two ways to save; ``credentials``: the S3 keys
- ``ratelimit``: the process-wide ``RateLimiter``; ``errors``: what can go wrong
- ``urls``: pure normalisation and de-duplication; ``transport``: User-Agent, endpoints
"""
