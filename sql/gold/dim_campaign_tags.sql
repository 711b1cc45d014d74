-- Which campaign each campaign value in the data belongs to. A value is what a touch, a web session,
-- a lead or a deal says about its campaign: a campaign id (a paid click resolved through its click
-- id, a CRM campaign response, a deal's primary campaign source) and a UTM campaign. The rules of
-- conf campaigns.match_rules are tried in their order; where one rule matches several campaigns, the
-- one delivering most recently wins and matched_campaigns says how many there were. A value no rule
-- matches keeps a key of its own (utm:<value>) and names the campaign whose name is closest, so a
-- marketer can fix the tagging. The counts say where the value was seen.
WITH seen AS (
  SELECT
    campaign_system, campaign_id, campaign_tag(campaign) AS tag, campaign AS campaign_value,
    CAST(touch_at AS DATE) AS seen_date, 0 AS sessions, 0 AS leads, 0 AS deals
  FROM journey.fct_opportunity_touchpoints
  WHERE is_attribution_touch
  UNION ALL
  SELECT
    CASE WHEN c.campaign_id IS NOT NULL THEN 'ad_platform' END, c.campaign_id, campaign_tag(s.campaign), s.campaign,
    CAST(s.started_at AS DATE), 1, 0, 0
  FROM silver.web_sessions AS s
  LEFT JOIN silver.ads_clicks AS c ON c.click_id = s.gclid
  UNION ALL
  SELECT NULL, NULL, campaign_tag(utm_campaign), utm_campaign, CAST(created_at AS DATE), 0, 1, 0
  FROM silver.crm_people
  WHERE NOT is_conversion_contact
  UNION ALL
  SELECT 'crm', campaign_id, NULL, NULL, CAST(created_at AS DATE), 0, 0, 1
  FROM silver.crm_opportunities
  WHERE campaign_id IS NOT NULL
),

tag_values AS (
  SELECT
    campaign_system,
    campaign_id,
    tag,
    min(campaign_value) AS campaign_value,
    CAST(sum(sessions) AS BIGINT) AS sessions,
    CAST(sum(leads) AS BIGINT) AS leads,
    CAST(sum(deals) AS BIGINT) AS deals,
    min(seen_date) AS first_seen_date,
    max(seen_date) AS last_seen_date
  FROM seen
  WHERE campaign_id IS NOT NULL OR tag IS NOT NULL
  GROUP BY campaign_system, campaign_id, tag
),

matches AS (
  SELECT
    v.campaign_system, v.campaign_id, v.tag, c.campaign_key, c.end_date,
    CASE v.campaign_system WHEN 'ad_platform' THEN 'platform_campaign_id' ELSE 'crm_campaign_membership' END AS rule
  FROM tag_values AS v
  INNER JOIN gold.dim_campaigns AS c ON c.campaign_system = v.campaign_system AND c.campaign_id = v.campaign_id
  UNION ALL
  SELECT v.campaign_system, v.campaign_id, v.tag, c.campaign_key, c.end_date, 'utm_campaign_id'
  FROM tag_values AS v
  INNER JOIN gold.dim_campaigns AS c ON c.id_tag = v.tag
  UNION ALL
  SELECT v.campaign_system, v.campaign_id, v.tag, c.campaign_key, c.end_date, 'utm_campaign_name'
  FROM tag_values AS v
  INNER JOIN gold.dim_campaigns AS c ON c.name_tag = v.tag
),

ranked AS (
  SELECT
    *,
    row_number() OVER (
      PARTITION BY campaign_system, campaign_id, tag
      ORDER BY array_position(array${campaigns.match_rules}, rule), end_date DESC, campaign_key ASC
    ) AS match_rank,
    count(*) OVER (PARTITION BY campaign_system, campaign_id, tag, rule) AS matched_campaigns
  FROM matches
  WHERE rule IN ${campaigns.match_rules}
),

best AS (
  SELECT * FROM ranked WHERE match_rank = 1
),

unmatched AS (
  SELECT DISTINCT v.tag
  FROM tag_values AS v
  LEFT ANTI JOIN best AS b
    ON b.campaign_system <=> v.campaign_system AND b.campaign_id <=> v.campaign_id AND b.tag <=> v.tag
  WHERE v.tag IS NOT NULL
),

suggestions AS (
  SELECT
    u.tag,
    min_by(c.campaign_key, struct(levenshtein(u.tag, c.name_tag), c.campaign_key)) AS campaign_key,
    min_by(c.campaign_name, struct(levenshtein(u.tag, c.name_tag), c.campaign_key)) AS campaign_name
  FROM unmatched AS u
  CROSS JOIN gold.dim_campaigns AS c
  WHERE levenshtein(u.tag, c.name_tag) <= ${campaigns.suggest_within_edits}
  GROUP BY u.tag
)

SELECT
  concat_ws(' | ', coalesce(v.campaign_system, '-'), coalesce(v.campaign_id, '-'), coalesce(v.tag, '-')) AS value_key,
  v.campaign_system,
  v.campaign_id,
  v.tag,
  v.campaign_value,
  coalesce(b.campaign_key, concat('utm:', v.tag), concat(v.campaign_system, ':', v.campaign_id)) AS campaign_key,
  coalesce(b.rule, 'unmatched') AS match_rule,
  b.campaign_key IS NOT NULL AS is_matched,
  CAST(coalesce(b.matched_campaigns, 0) AS INT) AS matched_campaigns,
  CASE WHEN b.campaign_key IS NULL THEN s.campaign_key END AS suggested_campaign_key,
  CASE WHEN b.campaign_key IS NULL THEN s.campaign_name END AS suggested_campaign_name,
  v.sessions,
  v.leads,
  v.deals,
  v.first_seen_date,
  v.last_seen_date,
  ${business_date} AS as_of_date
FROM tag_values AS v
LEFT JOIN best AS b ON b.campaign_system <=> v.campaign_system AND b.campaign_id <=> v.campaign_id AND b.tag <=> v.tag
LEFT JOIN suggestions AS s ON s.tag = v.tag
