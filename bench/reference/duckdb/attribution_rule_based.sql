-- First-touch, last-non-direct-touch and linear credit per channel over all new-business
-- opportunities: opportunities credited, attributed pipeline and attributed won revenue. Only
-- touchpoints count (sales activities listed beside them do not). An opportunity without
-- touchpoints goes to '(unattributed)'.
WITH touches AS (
  SELECT
    t.opportunity_id,
    t.channel,
    t.position,
    t.touch_count,
    max(CASE WHEN NOT t.is_direct THEN t.position END) OVER (PARTITION BY t.opportunity_id) AS last_non_direct
  FROM journey_fct_opportunity_touchpoints AS t
  INNER JOIN new_business AS o ON o.opportunity_id = t.opportunity_id
  WHERE t.is_attribution_touch
),

weights AS (
  SELECT opportunity_id, channel, 'first_touch' AS model, CASE WHEN position = 1 THEN 1.0 ELSE 0.0 END AS weight
  FROM touches
  UNION ALL
  SELECT opportunity_id, channel, 'last_touch', CASE WHEN position = coalesce(last_non_direct, touch_count) THEN 1.0 ELSE 0.0 END
  FROM touches
  UNION ALL
  SELECT opportunity_id, channel, 'linear', 1.0 / touch_count
  FROM touches
  UNION ALL
  SELECT o.opportunity_id, '(unattributed)', m.model, 1.0
  FROM new_business AS o
  CROSS JOIN (VALUES ('first_touch'), ('last_touch'), ('linear')) AS m(model)
  WHERE o.opportunity_id NOT IN (SELECT opportunity_id FROM touches)
)

SELECT
  w.model || '|' || w.channel AS key,
  sum(w.weight) AS opportunities_credited,
  coalesce(sum(w.weight * o.pipeline_amount_reporting), 0) AS attributed_pipeline,
  coalesce(sum(CASE WHEN o.is_won THEN w.weight * o.amount_reporting ELSE 0 END), 0) AS attributed_revenue
FROM weights AS w
INNER JOIN new_business AS o ON o.opportunity_id = w.opportunity_id
GROUP BY 1
HAVING sum(w.weight) > 0
