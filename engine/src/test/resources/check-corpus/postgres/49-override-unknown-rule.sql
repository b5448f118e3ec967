-- expect: refused
-- rules: narrowing-type-change override-unused
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
-- change
-- pitstop:allow no-such-rule because
ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
