-- The four contract tables (DATA-CONTRACT.md) and the extra account features.
CREATE TABLE accounts (
    account_id         varchar(64) PRIMARY KEY,
    product            text NOT NULL,
    opened_on          date NOT NULL,
    credit_limit       numeric,
    original_principal numeric,
    customer_age       integer,
    region             text,
    time_zone          text NOT NULL,
    opted_out          text NOT NULL DEFAULT '',
    preferred_hours    text
);

CREATE TABLE feature_columns (
    name text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('numeric', 'categorical'))
);

CREATE TABLE account_features (
    account_id varchar(64) NOT NULL REFERENCES accounts (account_id),
    name       text NOT NULL REFERENCES feature_columns (name),
    value      text NOT NULL,
    PRIMARY KEY (account_id, name)
);

CREATE TABLE account_snapshots (
    account_id           varchar(64) NOT NULL REFERENCES accounts (account_id),
    as_of                date NOT NULL,
    days_past_due        integer NOT NULL,
    amount_due           numeric NOT NULL,
    balance              numeric NOT NULL,
    hardship             boolean NOT NULL,
    promise_to_pay_until date,
    legal_status         text NOT NULL,
    cease_contact        boolean NOT NULL,
    PRIMARY KEY (account_id, as_of)
);

CREATE TABLE contacts (
    contact_id            varchar(64) PRIMARY KEY,
    account_id            varchar(64) NOT NULL REFERENCES accounts (account_id),
    contacted_at          timestamptz NOT NULL,
    channel               text NOT NULL,
    outcome               text NOT NULL,
    cost                  numeric,
    treatment_probability double precision,
    strategy              text
);
CREATE INDEX contacts_by_account_time ON contacts (account_id, contacted_at);

CREATE TABLE payments (
    payment_id varchar(64) PRIMARY KEY,
    account_id varchar(64) NOT NULL REFERENCES accounts (account_id),
    paid_at    timestamptz NOT NULL,
    amount     numeric NOT NULL
);
CREATE INDEX payments_by_account_time ON payments (account_id, paid_at);
