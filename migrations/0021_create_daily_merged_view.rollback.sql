DROP VIEW daily_merged;
DROP VIEW daily_quantity;

CREATE VIEW daily_quantity AS
SELECT user_id, metric, source, local_date, min(units) AS units,
       sum(qty) AS total, avg(qty) AS average, min(qty) AS minimum, max(qty) AS maximum, count(*) AS samples
FROM quantity_local
GROUP BY user_id, metric, source, local_date;

DO $$
BEGIN
    GRANT SELECT ON daily_quantity TO healthsink_readonly;
EXCEPTION WHEN undefined_object OR insufficient_privilege THEN
    RAISE NOTICE 'no healthsink_readonly role to grant the view to';
END;
$$;
