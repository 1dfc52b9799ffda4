-- The replica test's database on its own primary.
CREATE DATABASE hs
