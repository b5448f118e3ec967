-- expect: accepted
-- rules: drop-deferred
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
CREATE INDEX users_name ON users (name);
-- change
DROP INDEX users_name;
