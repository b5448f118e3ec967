-- Nullable, and NOT NULL with a constant default: both metadata-only changes.
ALTER TABLE orders ADD COLUMN note VARCHAR(500);
ALTER TABLE orders ADD COLUMN priority INT NOT NULL DEFAULT 0;
