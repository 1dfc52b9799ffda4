-- The Citus test cluster's database, on each node.
CREATE DATABASE healthsink
