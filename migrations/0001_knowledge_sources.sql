CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `files_agent` ON `files` (`agent_id`);--> statement-breakpoint
CREATE TABLE `knowledge_gaps` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`question` text NOT NULL,
	`conversation_id` text,
	`grounding` real NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `knowledge_gaps_agent` ON `knowledge_gaps` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `source_documents` (
	`agent_id` text NOT NULL,
	`source_id` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`url` text,
	`content_hash` text NOT NULL,
	`chunk_count` integer NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `source_documents_agent` ON `source_documents` (`agent_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`status` text NOT NULL,
	`stats` text NOT NULL,
	`error` text,
	`allow_citations` integer DEFAULT true NOT NULL,
	`private` integer DEFAULT false NOT NULL,
	`last_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sources_agent` ON `sources` (`agent_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `published` integer DEFAULT true NOT NULL;