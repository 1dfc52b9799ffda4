-- {name}: the benchmark database to drop.
DROP DATABASE IF EXISTS {name} WITH (FORCE)
