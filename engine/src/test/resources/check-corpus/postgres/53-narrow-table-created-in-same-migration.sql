-- expect: accepted
-- rules: type-change-online
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
-- change
CREATE TABLE teams (id bigint PRIMARY KEY, code varchar(50));
ALTER TABLE teams ALTER COLUMN code TYPE varchar(10);
