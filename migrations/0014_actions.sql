CREATE TABLE `action_credentials` (
	`agent_id` text NOT NULL,
	`action_id` text NOT NULL,
	`sealed` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `action_id`)
);
