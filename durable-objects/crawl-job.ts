/** One crawl of a URL source: its frontier, its progress and its cancellation. */
import { DurableObject } from "cloudflare:workers";

export class CrawlJobDO extends DurableObject<Env> {}
