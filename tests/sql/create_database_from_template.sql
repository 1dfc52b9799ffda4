-- {name}: new database, {template}: the migrated template it is cloned from.
CREATE DATABASE {name} TEMPLATE {template}
