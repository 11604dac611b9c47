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

const LANES = 4; // int8 values read at once: one 32-bit word holds four neighbouring slots of a dimension's run
const WORDS = BLOCK_SLOTS / LANES; // a dimension's run in 32-bit words

/** A block's vectors, and the same bytes as 32-bit words (the scan reads four slots a load). */
type Block = { ids: string[]; vectors: Int8Array; words: Int32Array };

const newBlock = (ids: string[], vectors: Int8Array): Block => ({
  ids,
  vectors,
  words: new Int32Array(vectors.buffer, vectors.byteOffset, vectors.length / LANES),
});
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
    const runs = Int32Array.from(nonZero, (d) => d * WORDS);
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
      blockSums(block.words, runs, weights, sums);
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
    this.blocks = rows.map((row) => newBlock(JSON.parse(row.ids) as string[], new Int8Array(row.vectors)));
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
    blocks.push(newBlock(Array<string>(BLOCK_SLOTS).fill(""), new Int8Array(BLOCK_SLOTS * this.dims)));
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

/** Whether a 32-bit word's first byte is its lowest (x86-64 and arm64, where workerd runs, are). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
// The byte of slot i (0–3) of a word sits `SHIFT[i]` bits from its top: `(word << SHIFT[i]) >> 24` is its int8 value.
const [SHIFT_0, SHIFT_1, SHIFT_2, SHIFT_3] = LITTLE_ENDIAN ? [24, 16, 8, 0] : [0, 8, 16, 24];

/**
 * Each slot's dot product over the given dimensions (`runs`: where each one's run of words starts),
 * summed dimension by dimension from zero, the order `dotQuantized` sums in (so the same bits).
 * Four slots at a time, in registers: one 32-bit load gives the four slots' values of a dimension,
 * and no slot's running sum goes back to memory until its last dimension.
 */
function blockSums(words: Int32Array, runs: Int32Array, weights: Float64Array, sums: Float64Array): void {
  const n = runs.length;
  for (let word = 0; word < WORDS; word++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const weight = weights[i] as number;
      const four = words[(runs[i] as number) + word] as number;
      s0 += weight * ((four << SHIFT_0) >> 24);
      s1 += weight * ((four << SHIFT_1) >> 24);
      s2 += weight * ((four << SHIFT_2) >> 24);
      s3 += weight * ((four << SHIFT_3) >> 24);
    }
    const slot = word * LANES;
    sums[slot] = s0;
    sums[slot + 1] = s1;
    sums[slot + 2] = s2;
    sums[slot + 3] = s3;
  }
}
