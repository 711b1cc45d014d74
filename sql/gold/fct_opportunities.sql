-- Every new-business opportunity with what the pipeline and revenue KPIs need: amount in the
-- reporting currency (as revenue and as pipeline), how it was sourced, whether marketing influenced
-- it, its outcome and its cycle. Marketing-sourced: the first touchpoint in the attribution window
-- before the opportunity was created is a marketing channel (with no touchpoint, the CRM's source
-- channel decides: outbound, partner, event…); everything else is sales-sourced. A sales activity
-- never sources a deal, even where conf makes it a touchpoint. Marketing-influenced: any marketing
-- touch in the window. The sales activities in the window are counted beside (sales_touches).
WITH touches AS (
  SELECT
    opportunity_id,
    min_by(channel, position) FILTER (WHERE is_attribution_touch AND touch_type != 'sales_touch')
      AS first_touch_channel,
    min_by(channel_class, position) FILTER (WHERE is_attribution_touch AND touch_type != 'sales_touch')
      AS first_touch_class,
    count_if(is_attribution_touch AND channel_class = 'marketing') > 0 AS has_marketing_touch,
    count_if(touch_type = 'sales_touch') AS sales_touches
  FROM journey.fct_opportunity_touchpoints
  GROUP BY opportunity_id
),

people AS (
  SELECT unit_id AS person_id, inquiry_at FROM gold.fct_funnel_records WHERE unit = 'person'
)

SELECT
  r.unit_id AS opportunity_id,
  o.account_id,
  r.person_id,
  r.owner_id,
  r.owner_name,
  r.record_name AS opportunity_name,
  r.record_url,
  o.created_at,
  CAST(o.created_at AS DATE) AS created_date,
  CASE WHEN o.is_closed AND o.close_date <= ${business_date} THEN o.close_date END AS closed_date,
  o.is_closed AND o.close_date <= ${business_date} AND o.is_won AS is_won,
  o.is_closed AND o.close_date <= ${business_date} AND NOT o.is_won AS is_lost,
  o.stage_name,
  o.amount_reporting,
  o.pipeline_amount_reporting,
  CASE
    WHEN coalesce(t.first_touch_class, r.channel_class) = 'marketing' THEN 'marketing'
    ELSE 'sales'
  END AS sourcing,
  coalesce(t.first_touch_channel, r.channel) AS source_channel,
  coalesce(t.has_marketing_touch, FALSE) OR coalesce(t.first_touch_class, r.channel_class) = 'marketing'
    AS is_marketing_influenced,
  CAST(coalesce(t.sales_touches, 0) AS INT) AS sales_touches,
  p.inquiry_at AS lead_created_at,
  CASE WHEN o.is_closed AND o.close_date <= ${business_date}
    THEN CAST(datediff(o.close_date, CAST(o.created_at AS DATE)) AS INT) END AS days_to_close,
  CASE WHEN o.is_closed AND o.close_date <= ${business_date} AND p.inquiry_at IS NOT NULL
    THEN CAST(datediff(o.close_date, CAST(p.inquiry_at AS DATE)) AS INT) END AS days_lead_to_close
FROM gold.fct_funnel_records AS r
INNER JOIN silver.crm_opportunities AS o ON o.opportunity_id = r.unit_id
LEFT JOIN touches AS t ON t.opportunity_id = r.unit_id
LEFT JOIN people AS p ON p.person_id = r.person_id
WHERE r.unit = 'opportunity'
