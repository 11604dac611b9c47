CREATE TABLE `token_usage` (
	`agent_id` text NOT NULL,
	`day` text NOT NULL,
	`tokens` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `agent_controls` ADD `daily_token_limit` integer;