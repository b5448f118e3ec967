-- expect: accepted
-- rules: not-null-validated
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;
-- change
ALTER TABLE users ALTER COLUMN age SET NOT NULL;
