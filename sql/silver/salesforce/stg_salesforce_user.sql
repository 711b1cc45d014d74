-- Salesforce users with the team (sales, marketing, other) their department or role maps to in
-- conf/teams.csv.
WITH users AS (
  SELECT
    id AS user_id,
    name AS user_name,
    department,
    user_role,
    coalesce(parse_boolean(is_active), TRUE) AS is_active
  FROM latest_raw_salesforce_user
),

teams AS (
  SELECT
    u.user_id,
    t.team,
    row_number() OVER (PARTITION BY u.user_id ORDER BY t.priority, t.team) AS team_rank
  FROM users AS u
  INNER JOIN conf_teams AS t
    ON lower(coalesce(u.department, '')) LIKE t.pattern OR lower(coalesce(u.user_role, '')) LIKE t.pattern
)

SELECT
  u.user_id,
  u.user_name,
  u.department,
  u.user_role,
  u.is_active,
  coalesce(t.team, 'other') AS team
FROM users AS u
LEFT JOIN teams AS t ON t.user_id = u.user_id AND t.team_rank = 1
