-- {name}: the benchmark database to create.
CREATE DATABASE {name}
