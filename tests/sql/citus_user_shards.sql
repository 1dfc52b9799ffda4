-- The users whose rows each shard of quantity_samples holds, read on the worker that holds the shard.
SELECT shardid, success, result
FROM run_command_on_shards('quantity_samples',
    $cmd$SELECT coalesce(string_agg(DISTINCT user_id::text, ','), '') FROM %s$cmd$)
