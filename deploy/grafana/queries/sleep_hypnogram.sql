-- Stage by stage (the app's unaggregated segments) of ${user} from ${sleep_source}: a state timeline.
SELECT g.start_ts AS time, g.stage
FROM sleep_segments g JOIN users u ON u.id = g.user_id
WHERE u.email = '${user}' AND g.source = '${sleep_source}' AND $__timeFilter(g.start_ts)
ORDER BY 1
