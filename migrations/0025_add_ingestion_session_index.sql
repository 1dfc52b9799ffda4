-- A Batch Requests run sends several bodies with one `session-id` header: GET /api/v1/ingestions?session_id=
-- lists them together without reading every body the user ever sent.
CREATE INDEX raw_ingestions_session_idx ON raw_ingestions (user_id, (headers->>'session-id'), id)
    WHERE headers ? 'session-id';
