"""Document loading and the parsers: pure functions from a document's text to facts.

Nothing here touches a database or keeps global state, so extraction can run in any worker process.
Bump EXTRACTOR_VERSION whenever a parser change alters the facts it produces: stored documents of an
older version are then re-extracted by the next ingest.
"""
EXTRACTOR_VERSION = "0.1.0"
