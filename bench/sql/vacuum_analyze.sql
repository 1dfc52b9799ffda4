-- {table}: a seeded table, left as autovacuum would (visibility map set, planner statistics current).
VACUUM (ANALYZE) {table}
