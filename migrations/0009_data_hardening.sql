-- 0009_data_hardening: unit paths compare in byte order on every cluster.
--
-- Data scope tests "does this path start with my unit's path" as a range
-- (path >= '/1/6/' AND path < '/1/60'), which an index serves. That is a
-- prefix test only in byte order. A PostgreSQL cluster created with a real
-- locale (zh_CN.UTF-8, en_US.UTF-8: the usual install) compares text by
-- language rules, which skip the '/' at the first level: '/1/6/7/' is then
-- not below '/1/60', and staff lose every sub-unit. Declaring the path
-- columns COLLATE "C" makes every comparison on them byte order whatever the
-- cluster's locale (a column's collation wins over a parameter's default
-- one), and rebuilds their indexes in that order, so the ranges keep using
-- them. SQLite compares BINARY already.
-- @postgres
ALTER TABLE units ALTER COLUMN path TYPE TEXT COLLATE "C";
ALTER TABLE applications ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE application_followups ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end
