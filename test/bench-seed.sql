-- Bench data: 100,000 enrolled participants with two weeks of settled history,
-- spread over the 23 unions (ids above any real user's, openids "bench-N").
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

WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 13)
INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
SELECT 1, u.id, date('2019-07-01', '+' || d.k || ' days'), (u.id * 7919 + d.k * 104729) % 14000,
       (u.id + d.k) % 7 != 0, 1561939200, 1561939200
FROM users u, d WHERE u.openid LIKE 'bench-%';
