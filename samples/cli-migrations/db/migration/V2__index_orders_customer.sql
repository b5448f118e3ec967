-- Pitstop builds this index without blocking writers:
-- CREATE INDEX CONCURRENTLY on PostgreSQL, ALGORITHM=INPLACE LOCK=NONE on MySQL/MariaDB.
CREATE INDEX orders_customer_idx ON orders (customer_id);
