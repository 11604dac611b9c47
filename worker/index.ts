/** The Worker's entry: wires the HTTP app and exports the Durable Object classes. */
import { app } from "./app";

export { ConversationDO } from "../durable-objects/conversation";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
