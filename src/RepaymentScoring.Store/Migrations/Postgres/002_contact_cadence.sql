-- Contract v1.1: the cadence the strategy planned when it chose a contact (optional).
ALTER TABLE contacts ADD COLUMN cadence_days integer;
