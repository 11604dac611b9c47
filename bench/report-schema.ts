/**
 * The benchmark report's JSON schema (issue 18) as TypeScript types: metric first, then system; times in
 * ms, sizes in bytes. Parts measured elsewhere (concurrency, steady, index, growth, worker_bundle:
 * bench/scale) are optional. Fields beside the schema's are extras.
 */
export type Sizes = { raw: number; gzip: number; brotli: number };

export const SYSTEMS = [
  "frontdesk_offline",
  "frontdesk_instant",
  "agents_sdk",
  "floor_do",
  "floor_streamtext",
  "frontdesk_http", // extra: frontdesk_instant's turns with the model over loopback HTTP (bench/instant-model.ts)
  "floor_http", // extra: the model call of a generative turn over HTTP (bench/peers/workers/floor-http.ts)
] as const;
export type SystemName = (typeof SYSTEMS)[number];

export type Machine = {
  cpu: string;
  cores: number;
  /** Total memory, bytes. */
  memory: number;
  os: string;
  node: string;
  workerd: string;
  wrangler: string;
  /** When the run started (ISO 8601). */
  date: string;
  /** Where `wrangler dev` kept its local storage: "memory (/dev/shm)" or a folder (bench/state-dir.ts). */
  state: string;
};

export type WidgetPeer = Sizes & {
  package: string;
  files: string[];
  /** Peer / Frontdesk's first open (widget.js, panel.html, panel.js, panel.css). */
  ratio_brotli: number;
  ratio_gzip: number;
};

export type WidgetReport = {
  widget: { loader: Sizes; panel: Sizes; preview: Sizes; console: Sizes };
  /** Extra: everything a visitor downloads to open the chat. */
  widget_first_open: Sizes & { files: string[] };
  /** Extra: other chat widgets' script-tag builds. */
  widget_peers: Record<string, WidgetPeer>;
};

export type ConcurrencyRow = {
  sent: number;
  answered: number;
  lost: number;
  duplicated: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
};
export type IndexRow = { cold_ms: number; p50_ms: number; p95_ms: number };
export type GrowthRow = { first_delta_ms: number; rss_mb: number; storage_bytes: number };

export type ChatReport = {
  first_delta_ms: Partial<Record<SystemName, { median: number; p95: number }>>;
  turns_per_s: Partial<Record<SystemName, number>>;
  /** Extra: workerd CPU (utime + stime) per turn over the first-delta run. */
  turn_cpu_ms: Partial<Record<SystemName, number>>;
  /** Extra: why a system has no figures. */
  errors: Partial<Record<SystemName, string>>;
};

export type Target = { target: string; value: string; met: boolean | null };

export type BenchReport = {
  machine: Machine;
  widget: WidgetReport["widget"];
  first_delta_ms: ChatReport["first_delta_ms"];
  turns_per_s: ChatReport["turns_per_s"];
  concurrency?: Partial<Record<"100" | "500" | "1000", ConcurrencyRow>>;
  steady?: { rate: number; p50_ms: number; p99_ms: number; lost: number };
  index?: Partial<Record<"1000" | "10000" | "50000", IndexRow>>;
  growth?: Partial<Record<"10" | "100" | "1000", GrowthRow>>;
  worker_bundle?: { gzip: number };
  // Extras beside the schema.
  /** Spawn of `wrangler dev` to its first answer, and the first turn of a fresh conversation on it. */
  cold_start?: Record<string, number>;
  /** Each shared object's ceiling: index searches/s by replica count, inbox hub updates/s. */
  ceilings?: Record<string, unknown>;
  widget_first_open: WidgetReport["widget_first_open"];
  widget_peers: WidgetReport["widget_peers"];
  turn_cpu_ms: ChatReport["turn_cpu_ms"];
  ratios: Record<string, number | null>;
  targets: Target[];
  /** How first delta and turns/s were measured (turn counts, conversations, window). */
  method: Record<string, string | number>;
  errors: Record<string, string>;
  /** Figures kept from the earlier bench (ingestion, crawl, search, output guard, crawl regex), as printed. */
  other: Record<string, string[]>;
};
