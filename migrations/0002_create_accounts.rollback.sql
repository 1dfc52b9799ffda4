DROP TABLE audit_log;
DROP TABLE raw_ingestion_chunks;
DROP TABLE raw_ingestions;
DROP SEQUENCE raw_ingestions_id_seq;
DROP TABLE api_keys;
DROP TABLE users;
