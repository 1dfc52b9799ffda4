-- $1 a key's shown prefix (its first characters). Whether any key starts so: a failed authentication with a
-- known prefix is a wrong secret for that key (limited per prefix), else a stranger's guess (per address).
SELECT EXISTS (SELECT 1 FROM api_keys WHERE prefix = $1)
