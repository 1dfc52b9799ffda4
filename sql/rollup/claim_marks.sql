-- $1 seconds a day waits after its last mark, $2 seconds a day waits after its first mark, $3 whether the last
-- two UTC days (which phones keep sending to) wait for the first rule too or only for the second, $4 user id or
-- NULL (every user), $5 most (user, metric, UTC day) groups. The marks of the groups that are due are removed
-- and the local days (in the user's rollup zone) they overlap returned, for the caller to roll up again in the
-- same transaction: should it fail, the marks come back. A flush that commits after this statement began
-- keeps its own marks.
WITH due AS (
    SELECT m.user_id, m.metric, m.kind, m.utc_day
    FROM rollup_marks m JOIN rollup_zones z USING (user_id)
    WHERE ($4::bigint IS NULL OR m.user_id = $4)
    GROUP BY m.user_id, m.metric, m.kind, m.utc_day
    HAVING min(m.marked_at) <= statement_timestamp() - make_interval(secs => $2)
        OR (max(m.marked_at) <= statement_timestamp() - make_interval(secs => $1)
            AND ($3 OR m.utc_day < (statement_timestamp() AT TIME ZONE 'UTC')::date - 1))
    ORDER BY min(m.marked_at)
    LIMIT $5
), claimed AS (
    DELETE FROM rollup_marks m USING due d
    WHERE m.user_id = d.user_id AND m.metric = d.metric AND m.kind = d.kind AND m.utc_day = d.utc_day
    RETURNING m.user_id, m.metric, m.kind, m.utc_day
)
-- the local day of the UTC day's first and last instant (UNION: one row for both when they are the same day;
-- not a LATERAL VALUES list, which Citus refuses with AT TIME ZONE in it)
SELECT c.user_id, c.metric, c.kind, (c.utc_day::timestamp AT TIME ZONE 'UTC' AT TIME ZONE z.tz)::date AS day
FROM claimed c
JOIN rollup_zones z USING (user_id)
UNION
SELECT c.user_id, c.metric, c.kind,
       ((((c.utc_day + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond') AT TIME ZONE z.tz)::date
FROM claimed c
JOIN rollup_zones z USING (user_id)
ORDER BY 1, 2, 3, 4
