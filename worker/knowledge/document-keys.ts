/**
 * Keys of indexed documents and their chunks, shared by retrieval and the knowledge index: a
 * document key joins source and document ids, a chunk id adds the chunk's position.
 */

const SEPARATOR = "\u001f"; // the unit separator occurs in no source or document id
export const documentKey = (sourceId: string, documentId: string) => `${sourceId}${SEPARATOR}${documentId}`;
export const chunkId = (key: string, index: number) => `${key}${SEPARATOR}${index}`;
/** The key of the document a chunk id belongs to. */
export const documentOfChunk = (id: string): string => id.slice(0, Math.max(0, id.lastIndexOf(SEPARATOR)));
export const splitDocumentKey = (key: string): { sourceId: string; documentId: string } => {
  const [sourceId = "", documentId = ""] = key.split(SEPARATOR);
  return { sourceId, documentId };
};
