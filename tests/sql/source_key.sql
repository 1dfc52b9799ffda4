-- $1 a source string as sent: healthsink_source_key_v1 (migration 0018), to compare with ingest/names.py.
SELECT healthsink_source_key_v1($1)
