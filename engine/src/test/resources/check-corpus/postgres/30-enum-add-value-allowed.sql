-- expect: accepted
-- rules: unplanned-statement
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE moods (id bigint PRIMARY KEY, m mood);
-- change
-- pitstop:allow unplanned-statement adding a value breaks no reader; run by hand before deploy
ALTER TYPE mood ADD VALUE 'meh';
