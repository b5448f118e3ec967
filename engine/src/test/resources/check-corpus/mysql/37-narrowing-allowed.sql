-- expect: accepted
-- rules: narrowing-type-change type-change-online
-- base
CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT, name varchar(100) NOT NULL, email varchar(255), age int,
    score smallint, balance decimal(12,2), status ENUM('new','active','gone') NOT NULL DEFAULT 'new', note text,
    seen datetime, PRIMARY KEY (id), UNIQUE KEY users_email (email)) ENGINE=InnoDB;
-- change
-- pitstop:allow narrowing-type-change every name is under 20 characters (checked in production)
ALTER TABLE users MODIFY name varchar(20) NOT NULL;
