-- The audit log read by actor and action: how many mobile-number searches an
-- admin made in the last hour (their limit is counted from their own audit
-- rows, README "Limits").
CREATE INDEX audit_log_by_actor ON audit_log (actor, action, at);
