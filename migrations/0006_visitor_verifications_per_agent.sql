-- Verified visitors are now kept per (visitor, agent), with when the proof was given; the reading
-- agent's verifiedVisitorDays decides whether it still counts. The old per-visitor row did not say
-- which agent a proof was given to. Used verification links do (contact_verifications.agent_id and
-- used_at), so each visitor's latest used link per agent is carried over when its contact is still
-- the one the visitor was verified as. Host-identity verifications left no such record: they lapse,
-- and a signed-in visitor is verified again by the host page's identity on their next conversation.
CREATE TABLE `visitor_verifications` (
	`visitor_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`verified_at` integer NOT NULL,
	PRIMARY KEY(`visitor_id`, `agent_id`)
);
--> statement-breakpoint
CREATE INDEX `visitor_verifications_contact` ON `visitor_verifications` (`contact_id`);--> statement-breakpoint
INSERT INTO `visitor_verifications` (`visitor_id`, `agent_id`, `contact_id`, `verified_at`)
SELECT `conversations`.`visitor_id`, `contact_verifications`.`agent_id`, `contact_verifications`.`contact_id`, MAX(`contact_verifications`.`used_at`)
FROM `contact_verifications`
INNER JOIN `conversations` ON `conversations`.`id` = `contact_verifications`.`conversation_id`
INNER JOIN `visitors` ON `visitors`.`id` = `conversations`.`visitor_id`
	AND `visitors`.`verified_contact_id` = `contact_verifications`.`contact_id`
	AND `visitors`.`verified_until` IS NOT NULL
WHERE `contact_verifications`.`used_at` IS NOT NULL
GROUP BY `conversations`.`visitor_id`, `contact_verifications`.`agent_id`;--> statement-breakpoint
ALTER TABLE `visitors` DROP COLUMN `verified_contact_id`;--> statement-breakpoint
ALTER TABLE `visitors` DROP COLUMN `verified_until`;