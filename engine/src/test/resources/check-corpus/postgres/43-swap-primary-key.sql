-- expect: accepted
-- rules: primary-key-online
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
-- change
ALTER TABLE users DROP CONSTRAINT users_pkey, ADD PRIMARY KEY (id, name);
