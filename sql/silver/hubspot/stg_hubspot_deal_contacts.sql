-- Deal-to-contact associations from a connector's association table.
SELECT deal_id, contact_id, type AS association_type
FROM latest_raw_hubspot_deal_contacts
