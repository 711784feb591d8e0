-- Mobiles and shipping addresses sealed at rest (sealed.h): the columns hold
-- "s1:<key id>:…" once `walkctl migrate` has sealed the rows from before.
-- The exact-match and last-four searches go through keyed hashes (HMAC-SHA256
-- under a key derived from the data key), never through the number itself.
ALTER TABLE enrollments ADD COLUMN mobile_index TEXT;
ALTER TABLE enrollments ADD COLUMN mobile_tail_index TEXT;
CREATE INDEX enrollments_by_mobile ON enrollments(activity_id, mobile_index);
CREATE INDEX enrollments_by_mobile_tail ON enrollments(activity_id, mobile_tail_index);
