-- Every plan the service served, for evidence and for training on the contacts that follow.
CREATE TABLE plan_audit (
    served_at             timestamptz NOT NULL,
    request_id            text NOT NULL,
    account_id            varchar(64) NOT NULL,
    model_version         text NOT NULL,
    profile               text NOT NULL,
    channel               text NOT NULL,
    cadence_days          integer NOT NULL,
    next_contact_at       timestamptz NOT NULL,
    expected_value        double precision NOT NULL,
    treatment_probability double precision NOT NULL,
    strategy              text NOT NULL
);
CREATE INDEX plan_audit_by_time ON plan_audit (served_at);
