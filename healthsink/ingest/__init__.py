"""The ingest pipeline's pure half: HAE JSON -> typed row tuples. No I/O, no aiohttp."""
