CREATE TABLE classpath_items (id INT PRIMARY KEY);
