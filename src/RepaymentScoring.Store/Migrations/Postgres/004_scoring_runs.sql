-- Stored scoring runs: the run record, every plan of it with the account's product and region copied
-- in (portfolio queries need no join), and the options each account offered the portfolio allocator
-- (what a capacity what-if re-allocates).
CREATE TABLE scoring_runs (
    run_id           text PRIMARY KEY,
    created_at       timestamptz NOT NULL,
    as_of            timestamptz NOT NULL,
    model_version    text NOT NULL,
    profile          text NOT NULL,
    capacities       text NULL,
    budget           double precision NULL,
    accounts         integer NOT NULL,
    contacts_planned integer NOT NULL,
    expected_value   double precision NOT NULL
);
CREATE INDEX scoring_runs_by_time ON scoring_runs (created_at);
CREATE TABLE run_plans (
    run_id                text NOT NULL,
    account_id            text NOT NULL,
    product               text NOT NULL,
    region                text NULL,
    channel               text NOT NULL,
    cadence_days          integer NOT NULL,
    next_contact_at       timestamptz NOT NULL,
    propensity_30d        double precision NOT NULL,
    uplift_7d             double precision NULL,
    expected_value        double precision NULL,
    risk_tier             text NOT NULL,
    stage                 text NOT NULL,
    escalation            text NOT NULL,
    reasons               text NOT NULL,
    treatment_probability double precision NOT NULL,
    strategy              text NOT NULL,
    model_version         text NOT NULL,
    PRIMARY KEY (run_id, account_id)
);
CREATE INDEX run_plans_by_segment ON run_plans (run_id, stage, risk_tier, channel);
CREATE INDEX run_plans_by_propensity ON run_plans (run_id, propensity_30d);
CREATE TABLE run_options (
    run_id     text NOT NULL,
    account_id text NOT NULL,
    options    text NOT NULL,
    PRIMARY KEY (run_id, account_id)
);
-- Every CSV export of a run's plans: account ids leave the system there.
CREATE TABLE export_audit (
    exported_at timestamptz NOT NULL,
    key_name    text NOT NULL,
    run_id      text NOT NULL,
    filter      text NOT NULL,
    row_count   integer NOT NULL
);
CREATE INDEX export_audit_by_time ON export_audit (exported_at);
-- Totals of a run's plans by every categorical column, written with the run: summaries without a
-- range filter add up these rows (tens of thousands at most) instead of scanning every plan.
CREATE TABLE run_cube (
    run_id         text NOT NULL,
    stage          text NOT NULL,
    risk_tier      text NOT NULL,
    channel        text NOT NULL,
    cadence_days   integer NOT NULL,
    product        text NOT NULL,
    region         text NULL,
    strategy       text NOT NULL,
    escalation     text NOT NULL,
    plans          integer NOT NULL,
    contacts       integer NOT NULL,
    value_sum      double precision NOT NULL,
    propensity_sum double precision NOT NULL,
    uplift_sum     double precision NOT NULL,
    uplift_count   integer NOT NULL
);
CREATE INDEX run_cube_by_run ON run_cube (run_id);
