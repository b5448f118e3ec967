-- expect: accepted
-- rules: type-change-online
-- base
CREATE TABLE audit (id bigint NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB;
-- change
ALTER TABLE orders MODIFY qty BIGINT NOT NULL;
