ALTER TABLE classpath_items ADD COLUMN added_in_1_10 INT DEFAULT 7;
