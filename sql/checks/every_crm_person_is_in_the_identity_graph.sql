-- Reconciliation: every CRM person record (lead or contact) belongs to exactly one person.
-- Returns the records that do not.
SELECT p.person_record_id AS failing_record
FROM silver.crm_people AS p
LEFT JOIN journey.int_identity_graph AS g ON g.identifier = concat('crm:', p.person_record_id)
GROUP BY p.person_record_id
HAVING count(g.person_id) != 1
