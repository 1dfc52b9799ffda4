-- $1 user id. Route points as WKT from the generated geography column, in time order.
SELECT ST_AsText(geog::geometry) AS wkt FROM workout_route_points WHERE user_id = $1 ORDER BY ts
