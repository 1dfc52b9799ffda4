-- On a standby: stop applying WAL, so what the primary writes next is not visible there.
SELECT pg_wal_replay_pause()
