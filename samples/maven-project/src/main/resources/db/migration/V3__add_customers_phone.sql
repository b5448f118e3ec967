-- A nullable column without a default: a metadata-only change on both databases.
ALTER TABLE customers ADD COLUMN phone VARCHAR(40);
