-- Personal information (README "Personal information"): the privacy notice a
-- participant accepts before enrolling, which version they accepted and when,
-- the retention periods `walkctl purge` enforces, and erased accounts.

-- The notice, versioned per activity.  Activity 0 holds the default every
-- activity without a notice of its own shows; a new version of an activity
-- is numbered above both its own and the default's.
CREATE TABLE privacy_notices (
  activity_id  INTEGER NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  text         TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (activity_id, version)
) WITHOUT ROWID;
INSERT INTO privacy_notices (activity_id, version, text, published_at, published_by) VALUES (0, 1,
'「与祖国同行」全省职工网上健步走活动个人信息保护告知

一、收集的信息及目的：您的微信标识（用于登录）、姓名、手机号码、所在地区、工会、单位和部门（用于报名、按工会统计和颁发奖励），每日微信运动步数（用于计算步数、积分和排名），打卡、闯关照片和感言（用于闯关），红包和奖品记录（用于发放奖励），获奖后填写的收件人、电话和地址（仅用于寄送奖品）。

二、保存方式：手机号码和收件地址加密存储；其他信息仅存于本活动的服务器。

三、谁能看到：您本人可查看自己的全部信息；同队队员只能看到您的步数；排行榜只显示步数和积分；您所在工会和省总工会的管理员可查看报名信息（手机号码默认遮盖，查看完整号码会被记录）；奖品寄送地址仅提供给负责寄送的管理员和快递。

四、保存期限：收件地址在奖品送达后按活动设定的天数删除；姓名、手机号码在活动评选结束后按活动设定的天数去标识化；照片、海报和感言随之删除；步数和积分以匿名统计形式保留。

五、您的权利：您可随时在小程序中导出本人的全部数据，或注销账号（未领取的红包和奖品将先行结算或放弃）。

继续报名即表示您已阅读并同意本告知。', 0, 'walkctl');

ALTER TABLE enrollments ADD COLUMN privacy_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN privacy_accepted_at INTEGER;

-- Retention, in days (README "Personal information"): the shipping address
-- after delivery, and names and mobiles (with photos, posters and essays)
-- after the last activity day's evaluation.
ALTER TABLE activities ADD COLUMN address_keep_days INTEGER NOT NULL DEFAULT 30 CHECK (address_keep_days >= 0);
ALTER TABLE activities ADD COLUMN person_keep_days INTEGER NOT NULL DEFAULT 180 CHECK (person_keep_days >= 0);
-- When walkctl purge pseudonymised the activity's people (NULL: not yet).
ALTER TABLE activities ADD COLUMN purged_at INTEGER;

-- An account its owner erased (DELETE /api/me): the row stays so that steps
-- and the ledger keep their user id, with nothing personal left in it.
ALTER TABLE users ADD COLUMN erased_at INTEGER;
