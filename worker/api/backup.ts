/**
 * Admin routes a backup and a restore use (`scripts/backup.mjs`, `scripts/restore.mjs`): the paged
 * export of every conversation's transcript (a privacy event, so each page leaves an audit entry), the
 * list of R2 objects to copy, whether the stored secrets open with this deployment's SECRETS_KEY, and
 * the rebuild of the knowledge indexes after D1 and R2 come back. Owners only.
 */
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../audit/audit-log";
import { objectPage } from "../backup/objects";
import { rebuildKnowledgeIndexes } from "../backup/reindex";
import { checkStoredSecrets } from "../backup/secrets-check";
import { transcriptPage } from "../backup/transcripts";
import type { AppEnv } from "../lib/app-env";
import { routeSpecs } from "../lib/route-spec";

const MAX_TRANSCRIPT_PAGE = 50; // each conversation's whole log: a page stays a few MB at most
const DEFAULT_TRANSCRIPT_PAGE = 20;
const MAX_OBJECT_PAGE = 1000; // R2's own most keys per list call
const MAX_CURSOR_CHARS = 1024; // R2 cursors are opaque and longer than conversation ids

const pageQuery = (max: number, fallback: number) =>
  z.strictObject({
    cursor: z.string().min(1).max(MAX_CURSOR_CHARS).optional().describe("The previous page's nextCursor"),
    limit: z.coerce.number().int().min(1).max(max).default(fallback),
  });

const declare = routeSpecs("Backups");

export const backupRoutes = new Hono<AppEnv>()
  .get(
    "/backup/transcripts",
    declare({
      summary: "Every conversation with its transcript, a page at a time (audited)",
      query: pageQuery(MAX_TRANSCRIPT_PAGE, DEFAULT_TRANSCRIPT_PAGE),
      response: {
        description:
          "{ conversations: [{ id, agentId, channel, status, createdAt, events }], nextCursor } — in id order; " +
          "nextCursor null on the last page; an unknown cursor is a 400",
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await transcriptPage(c.env, query);
      const actor = c.get("actor");
      // Reads are not audited, but this one hands out every visitor's words: who took them, and how many.
      await recordAudit(c.env, {
        actor: { kind: actor?.kind ?? "owner_token", id: actor && "id" in actor ? actor.id : null },
        agentId: null,
        kind: "backup",
        action: "export_transcripts",
        targetId: null,
        before: null,
        after: {
          conversations: page.conversations.length,
          events: page.conversations.reduce((sum, conversation) => sum + conversation.events.length, 0),
          firstPage: query.cursor === undefined,
        },
      });
      return c.json(page);
    },
  )
  .get(
    "/backup/objects",
    declare({
      summary: "The stored files' keys (uploads, avatars), a page at a time",
      query: pageQuery(MAX_OBJECT_PAGE, MAX_OBJECT_PAGE),
      response: {
        description: "{ objects: [{ key, size, contentType }], nextCursor } — nextCursor null on the last page",
      },
    }),
    async (c) => c.json(await objectPage(c.env, c.req.valid("query"))),
  )
  .get(
    "/backup/secrets",
    declare({
      summary: "Which stored secrets this deployment's SECRETS_KEY cannot open (never values)",
      response: {
        description:
          "{ checked, unreadable: [{ kind, agentId, name, code, setAgain }] } — after a restore with another key, " +
          "the secrets to set again",
      },
    }),
    async (c) => c.json(await checkStoredSecrets(c.env)),
  )
  .post(
    "/backup/reindex",
    declare({
      summary: "Rebuild every knowledge index from its sources (after a restore)",
      response: {
        status: 202,
        description:
          "{ sourcesQueued, articlesIndexed }: articles are indexed at once, file and URL sources in the background",
      },
    }),
    async (c) => c.json(await rebuildKnowledgeIndexes(c.env), 202),
  );
