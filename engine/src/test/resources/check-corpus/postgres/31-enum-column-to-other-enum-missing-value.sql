-- expect: refused
-- rules: enum-value-change
-- base
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, age int, score smallint,
    balance numeric(12,2), status text, born date, seen timestamp, flag boolean);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE moods (id bigint PRIMARY KEY, m mood);
CREATE TYPE mood2 AS ENUM ('happy');
-- change
ALTER TABLE moods ALTER COLUMN m TYPE mood2 USING m::text::mood2;
