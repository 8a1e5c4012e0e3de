-- 0015_community_search: what resident search needs to stay fast at a
-- million rows. search is the resident's name, phone and address in one
-- lower-case column (one LIKE instead of three); an officer's list is read
-- grid by grid in id order.
ALTER TABLE residents ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE INDEX residents_grid_id ON residents (grid_id, id);
CREATE INDEX rental_houses_grid_id ON rental_houses (grid_id, id);
CREATE INDEX resident_groups_grid ON resident_groups (grid_id, id);
