DROP TABLE metric_summary;
DROP TABLE rollup_marks;
DROP TABLE daily_rollup;
DROP TABLE rollup_zones;
