/**
 * One crawl of a URL source: the frontier (every URL found, de-duplicated, in discovery order),
 * what is in flight, the content hashes seen, the progress counters, cancellation and a stall
 * watchdog (an alarm). The queue consumer fetches pages; this object decides which URLs go out
 * next, at most CRAWL_CONCURRENCY at once.
 */
import { DurableObject } from "cloudflare:workers";
import type { SourceStats } from "../../worker/db/schema";
import { queueEnqueue, recordStep } from "../../worker/knowledge/crawl/crawler";
import { MAX_CRAWL_PAGES } from "../../worker/knowledge/crawl/limits";
import { isAllowed, type Robots } from "../../worker/knowledge/crawl/robots";

// Pages in flight per crawl. At least the queue consumer's max_batch_size (10, wrangler.toml): with fewer
// a batch never fills and every round waits max_batch_timeout (measured: 6 in flight → 6 pages/s; 10 → ~30 pages/s).
export const CRAWL_CONCURRENCY = 10;
// No report for this long while pages are in flight means their messages were lost (dropped after their
// retries, or a local queue restarted): they are failed so the crawl can finish. A page takes seconds.
export const CRAWL_STALL_MS = 10 * 60_000;
const STALLED = "no answer from the crawler (its queue message was lost)";

export type CrawlPlan = {
  agentId: string;
  sourceId: string;
  origin: string;
  seeds: string[];
  importRelated: boolean;
  maxPages: number;
  robots: Robots;
};
export type PageResult =
  | { state: "done"; chunks: number; links: string[] }
  | { state: "skipped"; reason: string; links: string[] }
  | { state: "failed"; reason: string };
export type CrawlStep = {
  next: string[];
  finished: boolean;
  cancelled: boolean;
  stats: SourceStats;
  failures: { url: string; reason: string }[];
};

type Counts = {
  found: number;
  inflight: number;
  done: number;
  skipped: number;
  failed: number;
  cancelled: number;
  chunks: number;
};

export class CrawlJobDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS pages (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT UNIQUE NOT NULL, " +
        "state TEXT NOT NULL, reason TEXT, chunks INTEGER NOT NULL DEFAULT 0)",
    );
    this.sql.exec(`CREATE TABLE IF NOT EXISTS hashes (hash TEXT PRIMARY KEY)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS plan (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, cancelled INTEGER NOT NULL DEFAULT 0)`,
    );
  }

  /** Starts (or restarts, for a re-sync) the crawl with a fresh frontier; returns the first URLs to fetch. */
  async start(plan: CrawlPlan): Promise<CrawlStep> {
    this.sql.exec(`DELETE FROM pages`);
    this.sql.exec(`DELETE FROM hashes`);
    this.sql.exec(
      `INSERT INTO plan (id, body, cancelled) VALUES (1, ?, 0) ON CONFLICT(id) DO UPDATE SET body = excluded.body, cancelled = 0`,
      JSON.stringify(plan),
    );
    this.discover(plan, plan.seeds);
    return this.watched(this.step(plan));
  }

  /** Claims a page's content for indexing: false when the same content (or canonical URL) was indexed already. */
  async claim(canonical: string, hash: string): Promise<boolean> {
    if (this.cancelled()) return false;
    const canonicalKey = `url:${canonical}`;
    if (this.sql.exec(`SELECT 1 FROM hashes WHERE hash IN (?, ?)`, hash, canonicalKey).toArray().length > 0)
      return false;
    this.sql.exec(`INSERT INTO hashes (hash) VALUES (?), (?)`, hash, canonicalKey);
    return true;
  }

  /**
   * The document ids this crawl vouches for: every canonical URL it indexed, and pages that failed
   * for a reason that may pass (a timeout, a 500) — all other documents of the source are gone from the site.
   */
  async keptDocuments(): Promise<string[]> {
    const indexed = this.sql.exec<{ hash: string }>(`SELECT hash FROM hashes WHERE hash LIKE 'url:%'`).toArray();
    const failed = this.sql
      .exec<{ url: string }>(`SELECT url FROM pages WHERE state = 'failed' AND reason NOT IN ('HTTP 404', 'HTTP 410')`)
      .toArray();
    return [...indexed.map((r) => r.hash.slice("url:".length)), ...failed.map((r) => r.url)];
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
    // A page that finishes after a cancel still counts (its work is done), but its links are not followed.
    if (plan?.importRelated && result.state !== "failed" && !this.cancelled()) this.discover(plan, result.links);
    return this.watched(this.step(plan));
  }

  /** The stall watchdog: fails the pages in flight, hands out the next ones and records progress itself. */
  async alarm(): Promise<void> {
    const plan = this.plan();
    if (!plan?.agentId || this.cancelled()) return; // (plans saved before the watchdog existed carry no ids)
    this.sql.exec(`UPDATE pages SET state = 'failed', reason = ? WHERE state = 'inflight'`, STALLED);
    const step = await this.watched(this.step(plan));
    await recordStep(this.env, plan.agentId, plan.sourceId, step, queueEnqueue(this.env));
  }

  /** Re-arms the watchdog while the crawl runs (every report pushes it back), and disarms it once it ends. */
  private async watched(step: CrawlStep): Promise<CrawlStep> {
    if (step.finished || step.cancelled) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Date.now() + CRAWL_STALL_MS);
    return step;
  }

  /** Stops handing out URLs; pages already in flight are not indexed (claim refuses) and their links are not followed. */
  async cancel(): Promise<CrawlStep> {
    this.sql.exec(`UPDATE plan SET cancelled = 1`);
    // Their own state, so they are counted as found but neither as fetched nor as still to do.
    this.sql.exec(`UPDATE pages SET state = 'cancelled', reason = 'cancelled' WHERE state = 'queued'`);
    return this.watched(this.step(this.plan()));
  }

  private plan(): CrawlPlan | null {
    const row = this.sql.exec<{ body: string }>(`SELECT body FROM plan WHERE id = 1`).toArray()[0];
    return row ? (JSON.parse(row.body) as CrawlPlan) : null;
  }

  private cancelled(): boolean {
    return (
      this.sql.exec<{ cancelled: number }>(`SELECT cancelled FROM plan WHERE id = 1`).toArray()[0]?.cancelled === 1
    );
  }

  /** Adds the same-origin URLs that robots.txt allows, while the page cap has room (counted once, not per URL). */
  private discover(plan: CrawlPlan, raws: string[]): void {
    const cap = Math.min(plan.maxPages, MAX_CRAWL_PAGES);
    let found = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM pages`).one().n;
    for (const raw of raws) {
      if (found >= cap) return;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        continue;
      }
      url.hash = "";
      if (url.origin !== plan.origin || !isAllowed(plan.robots, url.pathname + url.search)) continue;
      if (this.sql.exec(`SELECT 1 FROM pages WHERE url = ?`, url.href).toArray().length > 0) continue;
      this.sql.exec(`INSERT INTO pages (url, state) VALUES (?, 'queued')`, url.href);
      found++;
    }
  }

  private counts(): Counts {
    const rows = this.sql
      .exec<{ state: string; n: number; chunks: number }>(
        `SELECT state, COUNT(*) AS n, SUM(chunks) AS chunks FROM pages GROUP BY state`,
      )
      .toArray();
    const by = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return {
      found: rows.reduce((sum, r) => sum + r.n, 0),
      inflight: by("inflight"),
      done: by("done"),
      skipped: by("skipped"),
      failed: by("failed"),
      cancelled: by("cancelled"),
      chunks: rows.reduce((sum, r) => sum + (r.chunks ?? 0), 0),
    };
  }

  private step(plan: CrawlPlan | null): CrawlStep {
    const cancelled = this.cancelled();
    const next: string[] = [];
    if (plan && !cancelled) {
      const room = CRAWL_CONCURRENCY - this.counts().inflight;
      for (const { url } of this.sql
        .exec<{ url: string }>(`SELECT url FROM pages WHERE state = 'queued' ORDER BY seq LIMIT ?`, Math.max(0, room))
        .toArray()) {
        this.sql.exec(`UPDATE pages SET state = 'inflight' WHERE url = ?`, url);
        next.push(url);
      }
    }
    const c = this.counts();
    const queued = c.found - c.inflight - c.done - c.skipped - c.failed - c.cancelled;
    const failures = this.sql
      .exec<{ url: string; reason: string }>(
        `SELECT url, reason FROM pages WHERE state = 'failed' ORDER BY seq LIMIT 20`,
      )
      .toArray();
    return {
      next,
      finished: c.inflight === 0 && (queued === 0 || cancelled),
      cancelled,
      stats: {
        found: c.found,
        fetched: c.done + c.skipped,
        indexed: c.done,
        failed: c.failed,
        documents: c.done,
        chunks: c.chunks,
      },
      failures,
    };
  }
}
