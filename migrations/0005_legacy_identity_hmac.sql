-- Host identity hashes now sign an issued-at (userId:email:issuedAt); the old form without one is
-- accepted only while settings.crm.identity.allowLegacyHmac is on, which defaults to off. Agents
-- that already had an identity secret may have sites signing the old form: they keep it on
-- (their next save of settings.crm decides, with a warning while it stays on). Agents without a
-- secret had no HMAC integration to keep, so they start with it off like new agents.
UPDATE `agents` SET `settings` = json_set(`settings`, '$.crm.identity.allowLegacyHmac', json('true'))
WHERE `id` IN (SELECT `agent_id` FROM `agent_secrets` WHERE `name` = 'identity_signing');
--> statement-breakpoint
UPDATE `agent_versions` SET `config` = json_set(`config`, '$.settings.crm.identity.allowLegacyHmac', json('true'))
WHERE `agent_id` IN (SELECT `agent_id` FROM `agent_secrets` WHERE `name` = 'identity_signing');
