"""Apple Health's "Export All Health Data" (export.zip, export.xml or the unzipped folder), streamed into the
tables the live feed fills. Format and pitfalls: ../shared/docs/apple-export-format.md.

source.py opens the file and streams the XML member; xmlstream.py turns it into items (expat, one item per
top-level element, nothing else kept); records.py and workouts.py shape them as Health Auto Export points and
hand them to the ingest family modules; run.py drives it all and flushes in batches."""
