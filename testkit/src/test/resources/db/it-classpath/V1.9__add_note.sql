ALTER TABLE classpath_items ADD COLUMN note VARCHAR(50);
