-- On a standby: apply WAL again.
SELECT pg_wal_replay_resume()
