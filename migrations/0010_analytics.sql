-- Analytics: one row of facts per agent turn, the visitor's thumbs on answers and end-of-chat rating,
-- when a person first replied after a handoff, and knowledge gaps that can be marked fixed.
CREATE TABLE `answer_feedback` (
	`conversation_id` text NOT NULL,
	`turn_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`value` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `turn_id`)
);
--> statement-breakpoint
CREATE INDEX `answer_feedback_agent` ON `answer_feedback` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `turn_facts` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`replied` integer NOT NULL,
	`abstained` integer NOT NULL,
	`grounding` real,
	`model` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`first_delta_ms` integer
);
--> statement-breakpoint
CREATE INDEX `turn_facts_agent` ON `turn_facts` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `turn_facts_conversation` ON `turn_facts` (`conversation_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `first_reply_at` integer;--> statement-breakpoint
ALTER TABLE `knowledge_gaps` ADD `abstained` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `knowledge_gaps` ADD `fixed_at` integer;--> statement-breakpoint
ALTER TABLE `knowledge_gaps` ADD `fixed_by` text;