-- Look customers up by e-mail address. Pitstop builds the index online
-- (CONCURRENTLY on PostgreSQL, ALGORITHM=INPLACE, LOCK=NONE on MySQL/MariaDB).
CREATE INDEX idx_customers_email ON customers (email);
