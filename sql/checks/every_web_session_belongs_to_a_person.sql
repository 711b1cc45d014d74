-- Reconciliation: every web session belongs to a known person or to an anonymous
-- cookie-person. Returns the sessions that belong to nobody.
SELECT s.session_key AS failing_record
FROM silver.web_sessions AS s
LEFT JOIN journey.int_identity_graph AS g ON g.identifier = concat('cookie:', s.user_pseudo_id)
WHERE g.person_id IS NULL
