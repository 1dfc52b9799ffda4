"""Storage: asyncpg only. Plain functions taking a connection; SQL looked up by name (store.sql)."""
