-- The default a key row gets when no scope is named (keys made before migration 0030).
SELECT column_default FROM information_schema.columns WHERE table_name = 'api_keys' AND column_name = 'scope'
