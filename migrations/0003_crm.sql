CREATE TABLE `contact_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`property` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`changed_by` text NOT NULL,
	`conversation_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_changes_contact` ON `contact_changes` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `contact_properties` (
	`name` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text,
	`synonyms` text NOT NULL,
	`built_in` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact_values` (
	`contact_id` text NOT NULL,
	`property` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `property`)
);
--> statement-breakpoint
CREATE INDEX `contact_values_property` ON `contact_values` (`property`);--> statement-breakpoint
CREATE TABLE `contact_verifications` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_verifications_conversation` ON `contact_verifications` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contact_verifications_email` ON `contact_verifications` (`email`,`created_at`);--> statement-breakpoint
CREATE TABLE `erased_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`erased_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `visitors` ADD `verified_contact_id` text;--> statement-breakpoint
ALTER TABLE `contacts` DROP COLUMN `first_name`;--> statement-breakpoint
ALTER TABLE `contacts` DROP COLUMN `last_name`;--> statement-breakpoint
INSERT INTO `contact_properties` (`name`, `label`, `type`, `options`, `synonyms`, `built_in`, `created_at`, `updated_at`) VALUES
	('email', 'Email', 'text', NULL, '["email address","e-mail","mail address"]', 1, 1796083200000, 1796083200000),
	('first_name', 'First name', 'text', NULL, '["given name","forename"]', 1, 1796083200000, 1796083200000),
	('last_name', 'Last name', 'text', NULL, '["surname","family name"]', 1, 1796083200000, 1796083200000),
	('phone', 'Phone number', 'text', NULL, '["phone","telephone","mobile number","cell number"]', 1, 1796083200000, 1796083200000),
	('company', 'Company', 'text', NULL, '["company name","organisation","organization","employer"]', 1, 1796083200000, 1796083200000),
	('job_title', 'Job title', 'text', NULL, '["position","role at work"]', 1, 1796083200000, 1796083200000),
	('billing_address', 'Billing address', 'text', NULL, '["invoice address","invoicing address","address for invoices","address for my invoices","billing"]', 1, 1796083200000, 1796083200000),
	('shipping_address', 'Shipping address', 'text', NULL, '["delivery address","shipping","delivery"]', 1, 1796083200000, 1796083200000),
	('lifecycle_stage', 'Lifecycle stage', 'enum', '["subscriber","lead","marketing_qualified_lead","sales_qualified_lead","opportunity","customer","evangelist","other"]', '["customer stage","stage"]', 1, 1796083200000, 1796083200000);
