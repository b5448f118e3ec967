-- Orders of the shop. A new table is safe while any application version runs.
CREATE TABLE orders (
    id          BIGINT       NOT NULL PRIMARY KEY,
    customer_id BIGINT       NOT NULL,
    total_cents BIGINT       NOT NULL,
    status      VARCHAR(20)  NOT NULL
);
