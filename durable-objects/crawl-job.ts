/**
 * One crawl of a URL source: the frontier (every URL found, de-duplicated, in discovery order),
 * what is in flight, the content hashes seen, the progress counters and cancellation. The queue
 * consumer fetches pages; this object decides which URLs go out next, at most CONCURRENCY at once.
 */
import { DurableObject } from "cloudflare:workers";
import type { SourceStats } from "../worker/db/schema";
import { isAllowed, type Robots } from "../worker/knowledge/crawl/robots";

export const CRAWL_CONCURRENCY = 6; // pages fetched at once per crawl: polite to the site, quick enough
export const MAX_CRAWL_PAGES = 5_000; // the most URLs one URL source may import

export type CrawlPlan = { origin: string; seeds: string[]; importRelated: boolean; maxPages: number; robots: Robots };
export type PageResult =
  | { state: "done"; chunks: number; links: string[] }
  | { state: "skipped"; reason: string; links: string[] }
  | { state: "failed"; reason: string };
export type CrawlStep = { next: string[]; finished: boolean; cancelled: boolean; stats: SourceStats; failures: { url: string; reason: string }[] };

type Counts = { found: number; inflight: number; done: number; skipped: number; failed: number; chunks: number };

export class CrawlJobDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS pages (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT UNIQUE NOT NULL, state TEXT NOT NULL, reason TEXT, chunks INTEGER NOT NULL DEFAULT 0)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS hashes (hash TEXT PRIMARY KEY)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS plan (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, cancelled INTEGER NOT NULL DEFAULT 0)`);
  }

  /** Starts (or restarts, for a re-sync) the crawl with a fresh frontier; returns the first URLs to fetch. */
  async start(plan: CrawlPlan): Promise<CrawlStep> {
    this.sql.exec(`DELETE FROM pages`);
    this.sql.exec(`DELETE FROM hashes`);
    this.sql.exec(`INSERT INTO plan (id, body, cancelled) VALUES (1, ?, 0) ON CONFLICT(id) DO UPDATE SET body = excluded.body, cancelled = 0`, JSON.stringify(plan));
    for (const url of plan.seeds) this.discover(plan, url);
    return this.step(plan);
  }

  /** Claims a page's content for indexing: false when the same content (or canonical URL) was indexed already. */
  async claim(canonical: string, hash: string): Promise<boolean> {
    if (this.cancelled()) return false;
    const canonicalKey = `url:${canonical}`;
    if (this.sql.exec(`SELECT 1 FROM hashes WHERE hash IN (?, ?)`, hash, canonicalKey).toArray().length > 0) return false;
    this.sql.exec(`INSERT INTO hashes (hash) VALUES (?), (?)`, hash, canonicalKey);
    return true;
  }

  /** Records a fetched page, adds the links it found to the frontier, and hands out the next URLs. */
  async report(url: string, result: PageResult): Promise<CrawlStep> {
    const plan = this.plan();
    this.sql.exec(
      `UPDATE pages SET state = ?, reason = ?, chunks = ? WHERE url = ?`,
      result.state,
      result.state === "done" ? null : result.reason,
      result.state === "done" ? result.chunks : 0,
      url,
    );
    if (plan?.importRelated && result.state !== "failed") for (const link of result.links) this.discover(plan, link);
    return this.step(plan);
  }

  /** Stops handing out URLs; pages already in flight are ignored when they report. */
  async cancel(): Promise<CrawlStep> {
    this.sql.exec(`UPDATE plan SET cancelled = 1`);
    this.sql.exec(`UPDATE pages SET state = 'skipped', reason = 'cancelled' WHERE state = 'queued'`);
    return this.step(this.plan());
  }

  private plan(): CrawlPlan | null {
    const row = this.sql.exec<{ body: string }>(`SELECT body FROM plan WHERE id = 1`).toArray()[0];
    return row ? (JSON.parse(row.body) as CrawlPlan) : null;
  }

  private cancelled(): boolean {
    return this.sql.exec<{ cancelled: number }>(`SELECT cancelled FROM plan WHERE id = 1`).toArray()[0]?.cancelled === 1;
  }

  /** Adds a same-origin URL that robots.txt allows, while the page cap has room. */
  private discover(plan: CrawlPlan, raw: string): void {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return;
    }
    url.hash = "";
    if (url.origin !== plan.origin || !isAllowed(plan.robots, url.pathname)) return;
    const cap = Math.min(plan.maxPages, MAX_CRAWL_PAGES);
    if (this.counts().found >= cap) return;
    this.sql.exec(`INSERT INTO pages (url, state) VALUES (?, 'queued') ON CONFLICT(url) DO NOTHING`, url.href);
  }

  private counts(): Counts {
    const rows = this.sql.exec<{ state: string; n: number; chunks: number }>(`SELECT state, COUNT(*) AS n, SUM(chunks) AS chunks FROM pages GROUP BY state`).toArray();
    const by = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return {
      found: rows.reduce((sum, r) => sum + r.n, 0),
      inflight: by("inflight"),
      done: by("done"),
      skipped: by("skipped"),
      failed: by("failed"),
      chunks: rows.reduce((sum, r) => sum + (r.chunks ?? 0), 0),
    };
  }

  private step(plan: CrawlPlan | null): CrawlStep {
    const cancelled = this.cancelled();
    const next: string[] = [];
    if (plan && !cancelled) {
      const room = CRAWL_CONCURRENCY - this.counts().inflight;
      for (const { url } of this.sql.exec<{ url: string }>(`SELECT url FROM pages WHERE state = 'queued' ORDER BY seq LIMIT ?`, Math.max(0, room)).toArray()) {
        this.sql.exec(`UPDATE pages SET state = 'inflight' WHERE url = ?`, url);
        next.push(url);
      }
    }
    const c = this.counts();
    const queued = c.found - c.inflight - c.done - c.skipped - c.failed;
    const failures = this.sql.exec<{ url: string; reason: string }>(`SELECT url, reason FROM pages WHERE state = 'failed' ORDER BY seq LIMIT 20`).toArray();
    return {
      next,
      finished: c.inflight === 0 && (queued === 0 || cancelled),
      cancelled,
      stats: { found: c.found, fetched: c.done + c.skipped, indexed: c.done, failed: c.failed, documents: c.done, chunks: c.chunks },
      failures,
    };
  }
}
