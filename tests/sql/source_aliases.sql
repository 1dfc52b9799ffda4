-- $1 user id: the source spellings kept for them, in code point order.
SELECT raw, source FROM source_aliases WHERE user_id = $1 ORDER BY raw COLLATE "C"
