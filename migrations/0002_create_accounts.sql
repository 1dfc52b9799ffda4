-- Users, API keys, the raw archive of every accepted body, and the audit log.
-- Every primary and unique key leads with user_id (users itself excepted), so the tables can be
-- distributed by user_id with Citus when one PostgreSQL is not enough.

CREATE TABLE users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE api_keys (
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    name          text NOT NULL DEFAULT '',
    prefix        text NOT NULL,               -- first characters, shown in lists and the audit log
    lookup_digest bytea NOT NULL,              -- sha256(key): finds the one candidate row
    secret_hash   text NOT NULL,               -- argon2id(key): verified once, then cached
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, lookup_digest)
);
-- The per-request lookup; not unique across users by itself (see key import in store/keys.py).
CREATE INDEX api_keys_lookup_digest_idx ON api_keys (lookup_digest);
CREATE INDEX api_keys_id_idx ON api_keys (id);

CREATE SEQUENCE raw_ingestions_id_seq;

CREATE TABLE raw_ingestions (
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id              bigint NOT NULL DEFAULT nextval('raw_ingestions_id_seq'),
    received_at     timestamptz NOT NULL DEFAULT now(),
    key_id          bigint,
    request_id      text,
    digest          bytea NOT NULL,            -- sha256 of the body as the app sent it (decoded)
    body_bytes      bigint NOT NULL,
    stored_bytes    bigint NOT NULL,           -- gzip size in raw_ingestion_chunks
    content_type    text,
    headers         jsonb NOT NULL DEFAULT '{}',  -- automation-* and session-id
    status          text NOT NULL CHECK (status IN ('queued', 'processing', 'processed', 'failed')),
    duplicate_of    bigint,                    -- same digest as an earlier body: no chunks stored again
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    error           text,
    result          jsonb,
    processed_at    timestamptz,
    PRIMARY KEY (user_id, id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX raw_ingestions_id_idx ON raw_ingestions (id);
CREATE INDEX raw_ingestions_digest_idx ON raw_ingestions (user_id, digest);
CREATE INDEX raw_ingestions_pending_idx ON raw_ingestions (next_attempt_at)
    WHERE status IN ('queued', 'processing');

-- The gzip'd body in ~1 MiB pieces, so writing and reading it never needs the whole body in memory.
CREATE TABLE raw_ingestion_chunks (
    user_id      bigint NOT NULL,
    ingestion_id bigint NOT NULL,
    seq          integer NOT NULL,
    data         bytea NOT NULL,
    PRIMARY KEY (user_id, ingestion_id, seq)
);
-- Already gzip'd: TOAST compression would only cost CPU.
ALTER TABLE raw_ingestion_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Append-only; no key to keep unique (user_id is NULL for failed authentications).
CREATE TABLE audit_log (
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint,
    action      text NOT NULL,
    key_id      bigint,
    client_addr text,
    user_agent  text,
    request_id  text,
    details     jsonb NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (at);
CREATE INDEX audit_log_user_at_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
