-- $1 table: a reference table an older release placed, made a plain table on the coordinator again (its rows
-- kept), now that store/citus.py keeps it local.
SELECT undistribute_table($1::regclass)
