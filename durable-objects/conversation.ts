/** One conversation: its event log, its sockets and its turns. */
import { DurableObject } from "cloudflare:workers";

export class ConversationDO extends DurableObject<Env> {}
