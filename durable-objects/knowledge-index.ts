/** The embedded knowledge index of one agent (full-text and vectors in SQLite). */
import { DurableObject } from "cloudflare:workers";

export class KnowledgeIndexDO extends DurableObject<Env> {}
