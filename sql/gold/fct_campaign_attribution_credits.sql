-- Attribution credits per campaign: for every new-business opportunity and every attribution
-- model, the share of credit each channel and campaign on its path gets (docs/kpis.md,
-- "Attribution"). Rule-based models weigh the touches of journey.fct_opportunity_touchpoints by
-- position and time, so a campaign gets the weight of its touches. Data-driven models (markov,
-- shapley) split the opportunity among the channels on its path in proportion to the channels'
-- values in gold.attribution_channel_values, and a channel's share among its campaigns by their
-- number of touches. A touch's campaign comes from gold.dim_campaign_tags; a touch without one is
-- '(none)'. Per opportunity and model the credits sum to 1, so attributed pipeline sums to pipeline
-- and attributed revenue to won revenue. An opportunity without touches goes to '(unattributed)'.
-- gold.fct_attribution_credits adds the campaigns of each channel up.
WITH opportunities AS (
  SELECT opportunity_id, created_at, created_date, closed_date, is_won, amount_reporting, pipeline_amount_reporting
  FROM gold.fct_opportunities
),

weights AS (
  SELECT
    CAST(${attribution.u_shaped.first_touch} AS DOUBLE) AS u_first,
    CAST(${attribution.u_shaped.lead_creation} AS DOUBLE) AS u_lead,
    CAST(${attribution.u_shaped.middle} AS DOUBLE) AS u_middle,
    CAST(${attribution.w_shaped.first_touch} AS DOUBLE) AS w_first,
    CAST(${attribution.w_shaped.lead_creation} AS DOUBLE) AS w_lead,
    CAST(${attribution.w_shaped.opportunity_creation} AS DOUBLE) AS w_opportunity,
    CAST(${attribution.w_shaped.middle} AS DOUBLE) AS w_middle
),

touches AS (
  SELECT
    t.*,
    o.created_at AS opportunity_created_at,
    max(CASE WHEN NOT t.is_direct THEN t.position END) OVER (PARTITION BY t.opportunity_id) AS last_non_direct_position,
    max(CASE WHEN t.is_lead_creation THEN t.position END) OVER (PARTITION BY t.opportunity_id) AS lead_creation_position
  FROM journey.fct_opportunity_touchpoints AS t
  INNER JOIN opportunities AS o ON o.opportunity_id = t.opportunity_id
  WHERE t.is_attribution_touch
),

campaign_touches AS (
  SELECT t.*, coalesce(g.campaign_key, '(none)') AS campaign_key
  FROM touches AS t
  LEFT JOIN gold.dim_campaign_tags AS g
    ON g.campaign_system <=> t.campaign_system AND g.campaign_id <=> t.campaign_id
    AND g.tag <=> campaign_tag(t.campaign)
),

-- W-shaped milestones: the first touch, the last (opportunity-creation) touch, and the
-- lead-creation touch where it is neither; a milestone a path lacks (or shares with another)
-- gives its weight to the milestones present, evenly, and so does the middle without touches.
milestones AS (
  SELECT
    *,
    CASE
      WHEN lead_creation_position IS NOT NULL AND lead_creation_position != 1 THEN lead_creation_position
      ELSE touch_count
    END AS u_second_position,
    coalesce(lead_creation_position NOT IN (1, touch_count), FALSE) AS has_w_lead,
    1 + CASE WHEN touch_count > 1 THEN 1 ELSE 0 END
      + CASE WHEN coalesce(lead_creation_position NOT IN (1, touch_count), FALSE) THEN 1 ELSE 0 END AS w_milestones
  FROM campaign_touches
),

shaped AS (
  SELECT
    m.*,
    w.*,
    CASE
      WHEN m.position = 1 THEN w.w_first
      WHEN m.position = m.touch_count THEN w.w_opportunity
      WHEN m.has_w_lead AND m.position = m.lead_creation_position THEN w.w_lead
    END AS w_role_weight,
    (CASE WHEN m.touch_count > 1 THEN 0 ELSE w.w_opportunity END
      + CASE WHEN m.has_w_lead THEN 0 ELSE w.w_lead END
      + CASE WHEN m.touch_count = m.w_milestones THEN w.w_middle ELSE 0 END) / m.w_milestones AS w_shared,
    pow(
      2.0D,
      -((unix_seconds(m.opportunity_created_at) - unix_seconds(m.touch_at)) / 86400.0D) / ${attribution.half_life_days}
    ) AS decay
  FROM milestones AS m
  CROSS JOIN weights AS w
),

decayed AS (
  SELECT *, decay / exact_sum(decay) OVER (PARTITION BY opportunity_id) AS decay_share FROM shaped
),

rule_weights AS (
  SELECT
    opportunity_id,
    channel,
    campaign_key,
    m.model,
    m.weight
  FROM decayed
  LATERAL VIEW stack(
    6,
    'first_touch', CASE WHEN position = 1 THEN 1.0D ELSE 0.0D END,
    'last_touch', CASE WHEN position = coalesce(last_non_direct_position, touch_count) THEN 1.0D ELSE 0.0D END,
    'linear', 1.0D / touch_count,
    'u_shaped', CASE
      WHEN touch_count = 1 THEN 1.0D
      WHEN position = 1 THEN u_first + CASE WHEN touch_count = 2 THEN u_middle / 2 ELSE 0 END
      WHEN position = u_second_position THEN u_lead + CASE WHEN touch_count = 2 THEN u_middle / 2 ELSE 0 END
      ELSE u_middle / (touch_count - 2)
    END,
    'w_shaped', coalesce(w_role_weight + w_shared, w_middle / (touch_count - w_milestones)),
    'time_decay', decay_share
  ) m AS model, weight
),

rule_credits AS (
  SELECT
    opportunity_id,
    model,
    channel,
    campaign_key,
    exact_sum(weight) AS pipeline_credit,
    exact_sum(weight) AS revenue_credit
  FROM rule_weights
  GROUP BY opportunity_id, model, channel, campaign_key
  HAVING exact_sum(weight) > 0
),

path_campaigns AS (
  SELECT
    opportunity_id,
    channel,
    campaign_key,
    count(*) / sum(count(*)) OVER (PARTITION BY opportunity_id, channel) AS channel_share
  FROM campaign_touches
  GROUP BY opportunity_id, channel, campaign_key
),

path_channels AS (
  SELECT DISTINCT opportunity_id, channel FROM path_campaigns
),

valued AS (
  SELECT
    p.opportunity_id,
    v.model,
    p.channel,
    coalesce(max(CASE WHEN v.conversion = 'pipeline' AND v.channel = p.channel THEN v.value END),
      max(CASE WHEN v.conversion = 'pipeline' AND v.channel = '(other)' THEN v.value END), 0) AS pipeline_value,
    coalesce(max(CASE WHEN v.conversion = 'revenue' AND v.channel = p.channel THEN v.value END),
      max(CASE WHEN v.conversion = 'revenue' AND v.channel = '(other)' THEN v.value END), 0) AS revenue_value
  FROM path_channels AS p
  CROSS JOIN gold.attribution_channel_values AS v
  GROUP BY p.opportunity_id, v.model, p.channel
),

channel_credits AS (
  SELECT
    opportunity_id,
    model,
    channel,
    coalesce(
      try_divide(pipeline_value, exact_sum(pipeline_value) OVER (PARTITION BY opportunity_id, model)),
      1.0 / count(*) OVER (PARTITION BY opportunity_id, model)
    ) AS pipeline_credit,
    coalesce(
      try_divide(revenue_value, exact_sum(revenue_value) OVER (PARTITION BY opportunity_id, model)),
      1.0 / count(*) OVER (PARTITION BY opportunity_id, model)
    ) AS revenue_credit
  FROM valued
),

data_driven_credits AS (
  SELECT
    c.opportunity_id,
    c.model,
    c.channel,
    p.campaign_key,
    c.pipeline_credit * p.channel_share AS pipeline_credit,
    c.revenue_credit * p.channel_share AS revenue_credit
  FROM channel_credits AS c
  INNER JOIN path_campaigns AS p ON p.opportunity_id = c.opportunity_id AND p.channel = c.channel
),

models AS (
  SELECT
    explode(
      array('first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'time_decay', 'markov', 'shapley')
    ) AS model
),

unattributed AS (
  SELECT
    o.opportunity_id, m.model, '(unattributed)' AS channel, '(unattributed)' AS campaign_key, 1.0 AS pipeline_credit,
    1.0 AS revenue_credit
  FROM opportunities AS o
  CROSS JOIN models AS m
  LEFT ANTI JOIN path_channels AS p ON p.opportunity_id = o.opportunity_id
),

credits AS (
  SELECT * FROM rule_credits
  UNION ALL
  SELECT * FROM data_driven_credits
  UNION ALL
  SELECT * FROM unattributed
)

SELECT
  c.model,
  c.opportunity_id,
  c.channel,
  c.campaign_key,
  o.created_date,
  o.closed_date,
  o.is_won,
  CAST(c.pipeline_credit AS DOUBLE) AS pipeline_credit,
  CAST(CASE WHEN o.is_won THEN c.revenue_credit ELSE 0 END AS DOUBLE) AS revenue_credit,
  CAST(c.pipeline_credit * o.pipeline_amount_reporting AS DOUBLE) AS attributed_pipeline,
  CAST(CASE WHEN o.is_won THEN c.revenue_credit * o.amount_reporting ELSE 0 END AS DOUBLE) AS attributed_revenue
FROM credits AS c
INNER JOIN opportunities AS o ON o.opportunity_id = c.opportunity_id
