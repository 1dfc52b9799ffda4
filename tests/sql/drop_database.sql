-- {name}: database to drop, closing its connections.
DROP DATABASE IF EXISTS {name} WITH (FORCE)
