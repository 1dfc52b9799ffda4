DROP TABLE monitor_findings;
