-- Every plan the service served, for evidence and for training on the contacts that follow.
CREATE TABLE plan_audit (
    served_at             TEXT NOT NULL,
    request_id            TEXT NOT NULL,
    account_id            TEXT NOT NULL,
    model_version         TEXT NOT NULL,
    profile               TEXT NOT NULL,
    channel               TEXT NOT NULL,
    cadence_days          INTEGER NOT NULL,
    next_contact_at       TEXT NOT NULL,
    expected_value        REAL NOT NULL,
    treatment_probability REAL NOT NULL,
    strategy              TEXT NOT NULL
);
CREATE INDEX plan_audit_by_time ON plan_audit (served_at);
