DROP TABLE source_aliases;
