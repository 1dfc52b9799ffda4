-- {name}: database to create (an identifier, quoted by the caller).
CREATE DATABASE {name}
