-- Whether yoyo's bookkeeping table exists (a database never migrated has none).
SELECT to_regclass('_yoyo_migration') IS NOT NULL
