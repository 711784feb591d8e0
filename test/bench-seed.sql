-- Bench data: 100,000 enrolled participants with a settled history of the
-- days from 2019-07-01 on, as many as the temporary table bench_days says
-- (test/bench-lib.sh, bench_seed), spread over the 23 unions (ids above any
-- real user's, openids "bench-N").
PRAGMA cache_size = -1000000;   -- 1 GB: building the indexes of millions of rows
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO users (id, openid, session_key, created_at, last_login_at)
SELECT 1000000 + i, 'bench-' || i, 'AAAAAAAAAAAAAAAAAAAAAA==', 1561939200, 1561939200 FROM n;

INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit, department,
                         created_at, updated_at)
WITH top(code, k) AS (SELECT code, row_number() OVER (ORDER BY sort_order) - 1 FROM unions
                      WHERE parent_code IS NOT NULL)
SELECT 1, u.id, '测试', '138' || printf('%08d', u.id % 100000000), 'xa', top.code,
       '单位', '部门', 1561939200, 1561939200
FROM users u JOIN top ON top.k = u.id % 23 WHERE u.openid LIKE 'bench-%';

WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < (SELECT n FROM bench_days) - 1)
INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
SELECT 1, u.id, date('2019-07-01', '+' || d.k || ' days'), (u.id * 7919 + d.k * 104729) % 14000,
       (u.id + d.k) % 7 != 0, 1561939200, 1561939200
FROM users u, d WHERE u.openid LIKE 'bench-%'
ORDER BY u.id, d.k;   -- the primary key's order

-- What the nightly settlement leaves of those days (lib/settle/settle_users.c):
-- a check-in, step points (one per 2,000 counted steps, at most 5) and the
-- personal target point (6,000) for each settled day, no row for a zero, and
-- the running total as of the last day that counted.
INSERT INTO ledger_entries (activity_id, user_id, kind, ref, id, amount, created_at)
SELECT 1, user_id, kind, day, (SELECT next FROM ledger_ids) + row_number() OVER (ORDER BY day, user_id, kind),
       amount, 1561939200 FROM (
  SELECT user_id, CAST(strftime('%s', day) AS INTEGER) / 86400 AS day, 0 AS kind, 1 AS amount   -- checkin
  FROM daily_steps WHERE settled
  UNION ALL SELECT user_id, CAST(strftime('%s', day) AS INTEGER) / 86400, 1, min(raw_steps, 10000) / 2000   -- steps
  FROM daily_steps WHERE settled
  UNION ALL SELECT user_id, CAST(strftime('%s', day) AS INTEGER) / 86400, 2, 1   -- personal_target
  FROM daily_steps WHERE settled AND raw_steps >= 6000)
WHERE amount > 0 AND user_id >= 1000000
ORDER BY user_id, kind, day;   -- the key's order
UPDATE ledger_ids SET next = (SELECT max(id) + 1 FROM ledger_entries);
INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of)
SELECT 1, d.user_id, e.union_code, sum(CASE WHEN d.settled THEN min(d.raw_steps, 10000) ELSE 0 END),
       coalesce(max(CASE WHEN d.settled AND d.raw_steps > 0 THEN d.day END), min(d.day))
FROM daily_steps d JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id
WHERE d.activity_id = 1 AND d.user_id >= 1000000 GROUP BY d.user_id;
