-- $1 user id, $2 identifier, $3 JSON path: the text at that path of the stored FHIR resource
SELECT resource #>> $3::text[] FROM clinical_records WHERE user_id = $1 AND identifier = $2
