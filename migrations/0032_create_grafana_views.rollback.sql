DROP VIEW sleep_nights_local;
DROP VIEW heart_rate_daily;
