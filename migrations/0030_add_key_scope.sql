-- What a key may do: 'ingest' (a phone: send bodies, read nothing), 'read' (a browser, a script, Grafana's
-- companion tools: read, never send), 'all' (both). Keys made before scopes existed keep doing both.
ALTER TABLE api_keys
    ADD COLUMN scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'ingest', 'read'));
