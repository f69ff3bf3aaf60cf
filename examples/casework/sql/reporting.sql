-- Warehouse tables the monthly statistics job fills (PostgreSQL).
-- `neveragain check` reads .sql files; flake8 cannot.

CREATE TABLE report_resident (
    id              bigserial PRIMARY KEY,
    office          varchar(40) NOT NULL,
    ethnicity       varchar(40),      -- expect: NEV101
    country         char(2),          -- near-miss: the office's postal country
    trace_id        uuid,             -- near-miss: request tracing
    race_start_time timestamptz,      -- near-miss: when the report run started
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX report_resident_office_idx ON report_resident (office);

ALTER TABLE report_resident ADD COLUMN citizenship varchar(40);  -- expect: NEV103

ALTER TABLE report_resident DROP COLUMN religion;  -- removing data: silent

-- Demo rows for the dashboard: data, not schema, so they stay silent.
INSERT INTO report_resident (office, ethnicity, country) VALUES
    ('north', 'Irish Traveller', 'GB'),
    ('south', 'Roma', 'GB');
UPDATE report_resident SET office = 'muslim community centre' WHERE id = 2;
