-- expect: accepted
-- rules: index-online
-- base
CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT, name varchar(100) NOT NULL, email varchar(255), age int,
    score smallint, balance decimal(12,2), status ENUM('new','active','gone') NOT NULL DEFAULT 'new', note text,
    seen datetime, PRIMARY KEY (id), UNIQUE KEY users_email (email)) ENGINE=InnoDB;
-- change
ALTER TABLE users ADD CONSTRAINT users_name_uq UNIQUE (name);
