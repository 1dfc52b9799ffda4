-- Drops this session's staging tables (after start-up made them all to prepare the merges).
DISCARD TEMP
