-- $1 table, $2 the table it is co-located with (or 'default' for the first): hashed by user_id into
-- citus.shard_count shards, one user's rows of every co-located table on the same node.
SELECT create_distributed_table($1::regclass, 'user_id', colocate_with => $2)
