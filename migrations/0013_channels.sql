CREATE TABLE `channel_delivered_pieces` (
	`deployment_id` text NOT NULL,
	`piece_key` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`deployment_id`, `piece_key`)
);
--> statement-breakpoint
CREATE INDEX `channel_delivered_pieces_at` ON `channel_delivered_pieces` (`at`);--> statement-breakpoint
CREATE TABLE `channel_deployments` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`config` text NOT NULL,
	`secrets` text NOT NULL,
	`removed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_deployments_address` ON `channel_deployments` (`channel`,`address`);--> statement-breakpoint
CREATE INDEX `channel_deployments_agent` ON `channel_deployments` (`agent_id`);--> statement-breakpoint
CREATE TABLE `channel_inbound_ids` (
	`deployment_id` text NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`deployment_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `channel_inbound_ids_at` ON `channel_inbound_ids` (`at`);--> statement-breakpoint
CREATE TABLE `email_thread_messages` (
	`deployment_id` text NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`direction` text NOT NULL,
	`subject` text NOT NULL,
	`participants` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`deployment_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `email_thread_messages_conversation` ON `email_thread_messages` (`conversation_id`,`at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `channel_address` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `deployment_id` text;--> statement-breakpoint
CREATE INDEX `conversations_channel_address` ON `conversations` (`channel`,`channel_address`);--> statement-breakpoint
CREATE INDEX `conversations_deployment` ON `conversations` (`deployment_id`,`channel_address`);