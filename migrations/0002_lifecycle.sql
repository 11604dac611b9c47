CREATE TABLE `agent_controls` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`monthly_credits` integer,
	`credit_reset_day` integer DEFAULT 1 NOT NULL,
	`credits_per_resolution` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agent_secrets` (
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_email_unique` ON `contacts` (`email`);--> statement-breakpoint
CREATE TABLE `credit_charges` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`period` text NOT NULL,
	`credits` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credit_charges_agent` ON `credit_charges` (`agent_id`,`period`);--> statement-breakpoint
CREATE TABLE `handoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`mode` text NOT NULL,
	`routed_staff_id` text,
	`routed_team_id` text,
	`fallback` integer NOT NULL,
	`webhook_status` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handoffs_conversation` ON `handoffs` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `handoffs_agent` ON `handoffs` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text,
	`available` integer DEFAULT false NOT NULL,
	`last_assigned_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_email_unique` ON `staff` (`email`);--> statement-breakpoint
CREATE TABLE `staff_invitations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` text NOT NULL,
	`staff_id` text NOT NULL,
	PRIMARY KEY(`team_id`, `staff_id`)
);
--> statement-breakpoint
CREATE INDEX `team_members_staff` ON `team_members` (`staff_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text,
	`verified_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `assigned_staff_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `team_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `handoff_reason` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `last_message` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `closed_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_status` ON `conversations` (`status`,`updated_at`);