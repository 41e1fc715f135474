-- Stored scoring runs: the run record, every plan of it with the account's product and region copied
-- in (portfolio queries need no join), and the options each account offered the portfolio allocator
-- (what a capacity what-if re-allocates).
CREATE TABLE scoring_runs (
    run_id           TEXT PRIMARY KEY,
    created_at       TEXT NOT NULL,
    as_of            TEXT NOT NULL,
    model_version    TEXT NOT NULL,
    profile          TEXT NOT NULL,
    capacities       TEXT NULL,
    budget           REAL NULL,
    accounts         INTEGER NOT NULL,
    contacts_planned INTEGER NOT NULL,
    expected_value   REAL NOT NULL
);
CREATE INDEX scoring_runs_by_time ON scoring_runs (created_at);
CREATE TABLE run_plans (
    run_id                TEXT NOT NULL,
    account_id            TEXT NOT NULL,
    product               TEXT NOT NULL,
    region                TEXT NULL,
    channel               TEXT NOT NULL,
    cadence_days          INTEGER NOT NULL,
    next_contact_at       TEXT NOT NULL,
    propensity_30d        REAL NOT NULL,
    uplift_7d             REAL NULL,
    expected_value        REAL NULL,
    risk_tier             TEXT NOT NULL,
    stage                 TEXT NOT NULL,
    escalation            TEXT NOT NULL,
    reasons               TEXT NOT NULL,
    treatment_probability REAL NOT NULL,
    strategy              TEXT NOT NULL,
    model_version         TEXT NOT NULL,
    PRIMARY KEY (run_id, account_id)
);
CREATE INDEX run_plans_by_segment ON run_plans (run_id, stage, risk_tier, channel);
CREATE INDEX run_plans_by_propensity ON run_plans (run_id, propensity_30d);
CREATE TABLE run_options (
    run_id     TEXT NOT NULL,
    account_id TEXT NOT NULL,
    options    TEXT NOT NULL,
    PRIMARY KEY (run_id, account_id)
);
-- Every CSV export of a run's plans: account ids leave the system there.
CREATE TABLE export_audit (
    exported_at TEXT NOT NULL,
    key_name    TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    filter      TEXT NOT NULL,
    row_count   INTEGER NOT NULL
);
CREATE INDEX export_audit_by_time ON export_audit (exported_at);
-- Totals of a run's plans by every categorical column, written with the run: summaries without a
-- range filter add up these rows (tens of thousands at most) instead of scanning every plan.
CREATE TABLE run_cube (
    run_id         TEXT NOT NULL,
    stage          TEXT NOT NULL,
    risk_tier      TEXT NOT NULL,
    channel        TEXT NOT NULL,
    cadence_days   INTEGER NOT NULL,
    product        TEXT NOT NULL,
    region         TEXT NULL,
    strategy       TEXT NOT NULL,
    escalation     TEXT NOT NULL,
    plans          INTEGER NOT NULL,
    contacts       INTEGER NOT NULL,
    value_sum      REAL NOT NULL,
    propensity_sum REAL NOT NULL,
    uplift_sum     REAL NOT NULL,
    uplift_count   INTEGER NOT NULL
);
CREATE INDEX run_cube_by_run ON run_cube (run_id);
