-- Website sessions with their channel: a session with a Google click id is Paid Search; else the
-- first matching rule of conf/channel_mapping.csv for its source/medium (field utm).
WITH rules AS (
  SELECT
    s.session_key,
    m.channel,
    m.channel_class,
    ROW_NUMBER() OVER (PARTITION BY s.session_key ORDER BY m.priority, m.pattern, m.channel) AS channel_rank
  FROM silver.stg_ga4_sessions AS s
  INNER JOIN conf_channel_mapping AS m
    ON m.field = 'utm'
    AND lower(concat(coalesce(s.source, '(direct)'), '/', coalesce(s.medium, '(none)'))) LIKE m.pattern
)

SELECT
  s.*,
  CASE
    WHEN s.gclid IS NOT NULL THEN 'Paid Search'
    ELSE coalesce(r.channel, 'Unmapped')
  END AS channel,
  CASE
    WHEN s.gclid IS NOT NULL THEN 'marketing'
    ELSE coalesce(r.channel_class, 'unmapped')
  END AS channel_class
FROM silver.stg_ga4_sessions AS s
LEFT JOIN rules AS r ON r.session_key = s.session_key AND r.channel_rank = 1
