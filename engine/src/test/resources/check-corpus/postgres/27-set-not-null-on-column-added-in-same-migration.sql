-- expect: refused
-- rules: set-not-null-without-fill
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
-- change
ALTER TABLE users ADD COLUMN region text;
ALTER TABLE users ALTER COLUMN region SET NOT NULL;
