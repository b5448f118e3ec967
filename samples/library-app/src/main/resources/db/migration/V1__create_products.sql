CREATE TABLE products (
    id    BIGINT       NOT NULL PRIMARY KEY,
    name  VARCHAR(200) NOT NULL,
    price_cents BIGINT NOT NULL
);
