-- Browser sessions of the dashboard. A session is made by pasting an API key into /login and stays tied to
-- that key: revoking the key (or disabling the user) ends the session. Only sha256(token) is stored, like a
-- key's lookup digest, so a copy of this table logs no one in.
CREATE TABLE web_sessions (
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    key_id       bigint NOT NULL,
    token_digest bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    user_agent   text,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, key_id) REFERENCES api_keys (user_id, id) ON DELETE CASCADE
);
-- The per-request lookup, by digest alone (the cookie names no user); not unique across users, as for keys.
CREATE INDEX web_sessions_token_digest_idx ON web_sessions (token_digest);
