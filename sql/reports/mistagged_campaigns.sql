-- UTM campaigns seen between two dates that name no campaign, most used first, with the campaign
-- they are closest to: the tagging for marketing to fix.
SELECT
  t.campaign_value, t.sessions, t.leads, coalesce(t.suggested_campaign_name, '–') AS suggested_campaign,
  CAST(t.first_seen_date AS STRING) AS first_seen_date
FROM gold.dim_campaign_tags AS t
WHERE NOT t.is_matched AND t.tag IS NOT NULL AND t.last_seen_date >= ${seen_from} AND t.first_seen_date <= ${seen_to}
ORDER BY t.sessions + t.leads DESC, t.value_key ASC
LIMIT 10
