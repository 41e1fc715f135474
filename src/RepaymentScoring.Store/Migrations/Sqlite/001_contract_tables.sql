-- The four contract tables (DATA-CONTRACT.md) and the extra account features.
-- Timestamps are UTC text 'yyyy-MM-ddTHH:mm:ss.fffffffZ' (fixed width, so text order is time order);
-- decimals are text so they keep their exact value.
CREATE TABLE accounts (
    account_id         TEXT PRIMARY KEY,
    product            TEXT NOT NULL,
    opened_on          TEXT NOT NULL,
    credit_limit       TEXT,
    original_principal TEXT,
    customer_age       INTEGER,
    region             TEXT,
    time_zone          TEXT NOT NULL,
    opted_out          TEXT NOT NULL DEFAULT '',
    preferred_hours    TEXT
);

CREATE TABLE feature_columns (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('numeric', 'categorical'))
);

CREATE TABLE account_features (
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    name       TEXT NOT NULL REFERENCES feature_columns (name),
    value      TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);

CREATE TABLE account_snapshots (
    account_id           TEXT NOT NULL REFERENCES accounts (account_id),
    as_of                TEXT NOT NULL,
    days_past_due        INTEGER NOT NULL,
    amount_due           TEXT NOT NULL,
    balance              TEXT NOT NULL,
    hardship             INTEGER NOT NULL,
    promise_to_pay_until TEXT,
    legal_status         TEXT NOT NULL,
    cease_contact        INTEGER NOT NULL,
    PRIMARY KEY (account_id, as_of)
);

CREATE TABLE contacts (
    contact_id            TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts (account_id),
    contacted_at          TEXT NOT NULL,
    channel               TEXT NOT NULL,
    outcome               TEXT NOT NULL,
    cost                  TEXT,
    treatment_probability REAL,
    strategy              TEXT
);
CREATE INDEX contacts_by_account_time ON contacts (account_id, contacted_at);

CREATE TABLE payments (
    payment_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    paid_at    TEXT NOT NULL,
    amount     TEXT NOT NULL
);
CREATE INDEX payments_by_account_time ON payments (account_id, paid_at);
