-- One account table for people: a staff account may also have an admin role (viewer, editor,
-- owner) for the admin API and the console; null, as for every account until now, is none.
ALTER TABLE `staff` ADD `admin_role` text;