-- expect: accepted
-- rules: type-change-online
-- base
CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT, name varchar(100) NOT NULL, email varchar(255), age int,
    score smallint, balance decimal(12,2), status ENUM('new','active','gone') NOT NULL DEFAULT 'new', note text,
    seen datetime, PRIMARY KEY (id), UNIQUE KEY users_email (email)) ENGINE=InnoDB;
-- change
ALTER TABLE users MODIFY status ENUM('new','active','gone','banned') NOT NULL DEFAULT 'new';
