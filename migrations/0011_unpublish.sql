-- Unpublish: an agent taken off every channel keeps its configuration; null is live.
ALTER TABLE `agents` ADD `unpublished_at` integer;