-- Citus in the test cluster's database, on each node.
CREATE EXTENSION citus
