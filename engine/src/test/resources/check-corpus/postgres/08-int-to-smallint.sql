-- expect: refused
-- rules: narrowing-type-change
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
-- change
ALTER TABLE users ALTER COLUMN age TYPE smallint;
