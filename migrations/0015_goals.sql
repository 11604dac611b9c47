CREATE TABLE `lead_answers` (
	`conversation_id` text NOT NULL,
	`criterion` integer NOT NULL,
	`property` text NOT NULL,
	`value` text NOT NULL,
	`accepted` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `criterion`)
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `lead_label` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `lead_score` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `lead_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_leads` ON `conversations` (`agent_id`,`lead_at`);