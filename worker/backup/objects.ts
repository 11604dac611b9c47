/**
 * The R2 objects a backup copies (uploaded knowledge files, avatars), listed by key a page at a time:
 * wrangler can get and put one object but cannot list a bucket, and D1 does not record avatar keys.
 */
import { ApiError } from "../lib/errors";

export type ObjectPage = {
  objects: Array<{ key: string; size: number; contentType: string | null }>;
  nextCursor: string | null;
};

/** One page of the bucket's keys after `cursor` (R2's own cursor from the previous page). */
export async function objectPage(env: Env, { cursor, limit }: { cursor?: string; limit: number }): Promise<ObjectPage> {
  let listed: R2Objects;
  try {
    listed = await env.FILES.list({ cursor, limit, include: ["httpMetadata"] });
  } catch (error) {
    if (cursor === undefined) throw error;
    throw new ApiError(400, "invalid_query", "The cursor is not one this API gave out", { cursor: "Unknown cursor" });
  }
  return {
    objects: listed.objects.map((o) => ({
      key: o.key,
      size: o.size,
      contentType: o.httpMetadata?.contentType ?? null,
    })),
    nextCursor: listed.truncated ? listed.cursor : null,
  };
}
