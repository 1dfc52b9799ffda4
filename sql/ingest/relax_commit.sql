-- Inside a transaction whose work can be re-derived from the archive (merges, status updates): its commit
-- need not wait for the WAL flush. If the server crashes first, the body's row is still 'processing'
-- with a lease that lapses, so the queue processes it again from the archive, idempotently. The archive
-- itself is always committed synchronously, before the app gets its answer.
SET LOCAL synchronous_commit TO off
