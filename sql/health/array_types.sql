-- Prepared once as each connection opens (db.set_codecs): asyncpg learns every array type the statements
-- use in one type lookup instead of one per statement. Its lookup query is slow on a Citus coordinator
-- (0.3-0.6 s each: five of them made a fresh connection's first requests take seconds); plain PostgreSQL
-- answers it in a millisecond. Nothing is executed.
SELECT $1::bigint[], $2::integer[], $3::smallint[], $4::double precision[], $5::real[], $6::boolean[],
       $7::bytea[], $8::timestamptz[], $9::date[], $10::jsonb[], $11::text[], $12::numeric[]
