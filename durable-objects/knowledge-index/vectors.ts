/**
 * The vector side of an agent's knowledge index: which vector space the searches use (the
 * active one), which one the configuration asks for (the target, while a re-embed runs), and
 * where each keeps its vectors. A space is a backend plus an embedder: int8 vectors beside the
 * chunks (`embedded`), or a Vectorize index made for that embedder (`vectorize`). The binding
 * `VECTORIZE` is the configured embedder's index; while an index moves to a new embedder,
 * `VECTORIZE_PREVIOUS` may bind the old one so searches keep their vectors until the switch.
 */
import { OFFLINE_EMBEDDER_ID } from "../../worker/knowledge/engine/embedder";
import {
  EmbeddingError,
  embedderFor,
  selectEmbedder,
  type Embedder,
  type EmbedderEnv,
} from "../../worker/knowledge/engine/embedders";
import { VectorizeStore, type VectorIndexBinding } from "../../worker/knowledge/vectorize-store";

export type Backend = "embedded" | "vectorize";
export type Space = { id: string; backend: Backend; embedder: string };

/**
 * One side of the index: its space, the embedder for its questions (null: unreachable) and its
 * Vectorize store (null: vectors beside the chunks).
 */
export type Side = { space: Space; embedder: Embedder | null; store: VectorizeStore | null };
/** Where searches go now, and where a re-embed is moving the index (null: nowhere). */
export type VectorPlan = { active: Side; target: (Side & { embedder: Embedder }) | null };

export type VectorEnv = EmbedderEnv & { VECTOR_BACKEND?: string; VECTORIZE?: unknown; VECTORIZE_PREVIOUS?: unknown };

const SPACE_SEPARATOR = "/"; // never in a backend name; embedder ids may hold ':' but not a leading '/'

export const space = (backend: Backend, embedder: string): Space => ({
  id: `${backend}${SPACE_SEPARATOR}${embedder}`,
  backend,
  embedder,
});

export function parseSpace(id: string): Space {
  const at = id.indexOf(SPACE_SEPARATOR);
  const backend = id.slice(0, at) === "vectorize" ? "vectorize" : "embedded";
  return space(backend, id.slice(at + 1));
}

/** Indexes that never recorded a space were built offline, beside their chunks. */
export const DEFAULT_SPACE = space("embedded", OFFLINE_EMBEDDER_ID).id;

export class VectorSpaces {
  constructor(
    private readonly env: VectorEnv,
    /** The agent's Vectorize namespace. */
    private readonly namespace: string,
  ) {}

  /** The space the configuration asks for, with its embedder; throws `EmbeddingError` when misconfigured. */
  configured(): { space: Space; embedder: Embedder } {
    const embedder = selectEmbedder(this.env);
    const backend: Backend = this.env.VECTOR_BACKEND?.trim() === "vectorize" ? "vectorize" : "embedded";
    if (backend === "vectorize" && !this.env.VECTORIZE)
      throw new EmbeddingError("VECTOR_BACKEND is vectorize but there is no VECTORIZE binding");
    return { space: space(backend, embedder.id), embedder };
  }

  /**
   * Both sides for an index whose stored vectors are in `activeId`. A misconfiguration throws
   * when `strict` (ingest must say why it cannot embed); otherwise it is logged and nothing
   * is re-embedded (searches must keep answering).
   */
  plan(activeId: string, strict: boolean): VectorPlan {
    const active = parseSpace(activeId);
    let configured: { space: Space; embedder: Embedder } | null = null;
    try {
      configured = this.configured();
    } catch (error) {
      if (strict) throw error;
      console.error("embedder misconfigured; the index stays as it is", error);
    }
    const moving = configured && configured.space.id !== active.id ? configured : null;
    const activeEmbedder =
      configured?.space.embedder === active.embedder ? configured.embedder : embedderFor(this.env, active.embedder);
    return {
      active: { space: active, embedder: activeEmbedder, store: this.storeOf(active, moving?.space ?? null) },
      target: moving ? { ...moving, store: this.storeOf(moving.space, null) } : null,
    };
  }

  /**
   * The Vectorize store holding `of`'s vectors, when `of` is a Vectorize space: VECTORIZE for
   * the configured space; for a space being replaced, VECTORIZE_PREVIOUS — or VECTORIZE when the
   * index is leaving Vectorize, whose binding then still names the old index. Null otherwise.
   */
  storeOf(of: Space, replacedBy: Space | null): VectorizeStore | null {
    if (of.backend !== "vectorize") return null;
    const binding = !replacedBy
      ? this.env.VECTORIZE
      : replacedBy.backend === "vectorize"
        ? this.env.VECTORIZE_PREVIOUS
        : (this.env.VECTORIZE_PREVIOUS ?? this.env.VECTORIZE);
    return binding ? new VectorizeStore(binding as VectorIndexBinding, this.namespace) : null;
  }

  /** Whether `side`'s vectors can answer a question (its embedder and its vectors are both reachable). */
  static searchable(side: Side): side is Side & { embedder: Embedder } {
    return side.embedder !== null && (side.space.backend === "embedded" || side.store !== null);
  }
}
