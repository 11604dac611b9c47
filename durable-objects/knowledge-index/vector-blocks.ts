/**
 * The active space's int8 chunk vectors packed in blocks (one SQLite row per BLOCK_SLOTS chunks:
 * their ids, and their vectors dimension by dimension), so a woken index reads a few dozen rows
 * rather than a row per chunk before its first nearest-chunk search. The scan reads only the
 * dimensions where the question's vector is not zero, each a contiguous run of the block's
 * slots: the same sums, in the same order, as `dotQuantized`, for a fraction of the work. The
 * chunk rows keep their own copy (re-embedding reads them).
 */
const BLOCK_SLOTS = 128; // 64 KiB of 512-dimension vectors per row: few rows to read, a small rewrite per ingest
const QUANTIZED_SCALE = 127; // int8 vectors hold unit vectors times 127 (see `quantize`)

type Block = { ids: string[]; vectors: Int8Array };
export type VectorEntry = { id: string; vector: Int8Array };

export class VectorBlocks {
  private blocks: Block[] | null = null;
  private readonly slots = new Map<string, number>();
  private free: number[] = [];
  private dims = 0;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS vector_blocks (block INTEGER PRIMARY KEY, ids TEXT NOT NULL, vectors BLOB NOT NULL)`,
    );
  }

  /** Stores (or replaces) chunks' vectors; an empty vector (kept in Vectorize) stores nothing. */
  put(entries: VectorEntry[]): void {
    this.load();
    const dirty = new Set<number>();
    this.remove(entries.filter((e) => e.vector.length === 0).map((e) => e.id));
    for (const { id, vector } of entries) {
      if (vector.length === 0) continue;
      if (vector.length !== this.dims) {
        if (this.slots.size > 0)
          throw new Error(`a ${vector.length}-dimension vector among ${this.dims}-dimension ones`);
        this.reset(vector.length);
      }
      const slot = this.slots.get(id) ?? this.allocate();
      const block = (this.blocks as Block[])[Math.floor(slot / BLOCK_SLOTS)] as Block;
      block.ids[slot % BLOCK_SLOTS] = id;
      for (let d = 0; d < this.dims; d++) block.vectors[d * BLOCK_SLOTS + (slot % BLOCK_SLOTS)] = vector[d] as number;
      this.slots.set(id, slot);
      dirty.add(Math.floor(slot / BLOCK_SLOTS));
    }
    this.write(dirty);
  }

  remove(ids: string[]): void {
    const blocks = this.load();
    const dirty = new Set<number>();
    for (const id of ids) {
      const slot = this.slots.get(id);
      if (slot === undefined) continue;
      const block = blocks[Math.floor(slot / BLOCK_SLOTS)] as Block;
      block.ids[slot % BLOCK_SLOTS] = "";
      // Vectors lie dimension by dimension: the slot's value in each dimension's run (not a run of its own).
      for (let d = 0; d < this.dims; d++) block.vectors[d * BLOCK_SLOTS + (slot % BLOCK_SLOTS)] = 0;
      this.slots.delete(id);
      this.free.push(slot);
      dirty.add(Math.floor(slot / BLOCK_SLOTS));
    }
    this.write(dirty);
  }

  /** Replaces every vector (the index switched vector spaces). */
  replaceAll(entries: VectorEntry[]): void {
    this.load();
    this.reset(0);
    this.put(entries);
  }

  /**
   * One pass over every vector: the `k` chunks closest to `query` that `excluded` does not hold,
   * and the cosines of the `wanted` chunks (0 for a chunk without a vector here).
   */
  scan(
    query: Float32Array,
    k: number,
    excluded: (id: string) => boolean,
    wanted: Iterable<string>,
  ): { nearest: [string, number][]; cosines: Map<string, number> } {
    const blocks = this.load();
    const nonZero: number[] = [];
    for (let d = 0; d < Math.min(query.length, this.dims); d++) if (query[d] !== 0) nonZero.push(d);
    const dims = Int32Array.from(nonZero);
    const weights = Float64Array.from(nonZero, (d) => query[d] ?? 0);
    const cosines = new Map<string, number>();
    const wantedSlots = new Map<number, [number, string][]>();
    for (const id of wanted) {
      cosines.set(id, 0);
      const slot = this.slots.get(id);
      if (slot === undefined) continue;
      const block = Math.floor(slot / BLOCK_SLOTS);
      wantedSlots.set(block, [...(wantedSlots.get(block) ?? []), [slot % BLOCK_SLOTS, id]]);
    }
    const top = new SlotTop(k);
    const sums = new Float64Array(BLOCK_SLOTS);
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b] as Block;
      blockSums(block.vectors, dims, weights, sums);
      for (const [s, id] of wantedSlots.get(b) ?? []) cosines.set(id, (sums[s] as number) / QUANTIZED_SCALE);
      // Most slots fall at or below the k-th best: they cost a compare, no id and no callback.
      for (let s = 0; s < BLOCK_SLOTS; s++) {
        const similarity = (sums[s] as number) / QUANTIZED_SCALE;
        if (similarity <= top.floor) continue;
        const id = block.ids[s];
        if (!id || excluded(id)) continue;
        top.offer(id, similarity);
      }
    }
    return { nearest: top.best(), cosines };
  }

  private load(): Block[] {
    if (this.blocks) return this.blocks;
    const rows = this.sql
      .exec<{ block: number; ids: string; vectors: ArrayBuffer }>(
        `SELECT block, ids, vectors FROM vector_blocks ORDER BY block`,
      )
      .toArray();
    this.blocks = rows.map((row) => ({ ids: JSON.parse(row.ids) as string[], vectors: new Int8Array(row.vectors) }));
    this.dims = (this.blocks[0]?.vectors.length ?? 0) / BLOCK_SLOTS;
    this.blocks.forEach((block, b) =>
      block.ids.forEach((id, s) => {
        if (id) this.slots.set(id, b * BLOCK_SLOTS + s);
        else this.free.push(b * BLOCK_SLOTS + s);
      }),
    );
    this.free.reverse(); // lowest slots first
    return this.blocks;
  }

  /** Forgets every block; the next vector sets the dimensions. */
  private reset(dims: number): void {
    this.sql.exec(`DELETE FROM vector_blocks`);
    this.blocks = [];
    this.slots.clear();
    this.free = [];
    this.dims = dims;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const blocks = this.blocks as Block[];
    const first = blocks.length * BLOCK_SLOTS;
    blocks.push({ ids: Array<string>(BLOCK_SLOTS).fill(""), vectors: new Int8Array(BLOCK_SLOTS * this.dims) });
    for (let s = first + BLOCK_SLOTS - 1; s > first; s--) this.free.push(s);
    return first;
  }

  private write(dirty: Set<number>): void {
    for (const b of dirty) {
      const block = (this.blocks as Block[])[b] as Block;
      this.sql.exec(
        `INSERT INTO vector_blocks (block, ids, vectors) VALUES (?, ?, ?)
         ON CONFLICT(block) DO UPDATE SET ids = excluded.ids, vectors = excluded.vectors`,
        b,
        JSON.stringify(block.ids),
        block.vectors.buffer,
      );
    }
  }
}

/**
 * The `k` best offers so far, best first, kept as `RunningTop` (`worker/knowledge/engine/ranking.ts`)
 * keeps them — an offer ties after the equal ones already kept, one no better than the k-th is
 * dropped — with the k-th's similarity at hand (`floor`) and one binary insertion per offer, not a sort.
 */
class SlotTop {
  private readonly ids: string[] = [];
  private readonly similarities: number[] = [];
  /** An offer at or below this is dropped: the k-th best's similarity once `k` are kept. */
  floor = Number.NEGATIVE_INFINITY;

  constructor(private readonly k: number) {}

  offer(id: string, similarity: number): void {
    if (similarity <= this.floor || this.k <= 0) return;
    let low = 0;
    let high = this.similarities.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.similarities[middle] as number) >= similarity) low = middle + 1;
      else high = middle;
    }
    this.ids.splice(low, 0, id);
    this.similarities.splice(low, 0, similarity);
    if (this.ids.length > this.k) {
      this.ids.pop();
      this.similarities.pop();
    }
    if (this.ids.length === this.k) this.floor = this.similarities[this.k - 1] as number;
  }

  best(): [string, number][] {
    return this.ids.map((id, i) => [id, this.similarities[i] as number]);
  }
}

/**
 * Each slot's dot product over the given dimensions, summed dimension by dimension (the order
 * `dotQuantized` sums in). Four dimensions a pass: `a + b + c` adds left to right, so each slot's
 * sum takes the same terms in the same order (the same bits) with a quarter of the stores.
 */
function blockSums(vectors: Int8Array, dims: Int32Array, weights: Float64Array, sums: Float64Array): void {
  sums.fill(0);
  let i = 0;
  for (; i + 4 <= dims.length; i += 4) {
    const w0 = weights[i] as number;
    const w1 = weights[i + 1] as number;
    const w2 = weights[i + 2] as number;
    const w3 = weights[i + 3] as number;
    const r0 = (dims[i] as number) * BLOCK_SLOTS;
    const r1 = (dims[i + 1] as number) * BLOCK_SLOTS;
    const r2 = (dims[i + 2] as number) * BLOCK_SLOTS;
    const r3 = (dims[i + 3] as number) * BLOCK_SLOTS;
    for (let s = 0; s < BLOCK_SLOTS; s++)
      sums[s] =
        (sums[s] as number) +
        w0 * (vectors[r0 + s] as number) +
        w1 * (vectors[r1 + s] as number) +
        w2 * (vectors[r2 + s] as number) +
        w3 * (vectors[r3 + s] as number);
  }
  for (; i < dims.length; i++) {
    const weight = weights[i] as number;
    const run = (dims[i] as number) * BLOCK_SLOTS;
    for (let s = 0; s < BLOCK_SLOTS; s++) sums[s] = (sums[s] as number) + weight * (vectors[run + s] as number);
  }
}
