-- The user whose data the dashboards show (Grafana variable ${user}).
SELECT email FROM users ORDER BY email
