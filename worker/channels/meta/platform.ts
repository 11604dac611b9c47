/** What the shared Meta webhook needs of each platform: its payload's schema, its messages, and how it says "seen". */
import type { z } from "zod";
import type { DeployableChannel } from "../../protocol/channels";
import type { OpenDeployment } from "../deployments/store";
import type { InboundItem } from "./inbound-item";

export type MetaPlatform<Payload> = {
  channel: DeployableChannel;
  schema: z.ZodType<Payload>;
  /** The delivery's messages for the deployment's address; `skipped` counts parts for other addresses. */
  items(payload: Payload, address: string): { items: InboundItem[]; skipped: number };
  /** Tells the visitor their message was seen (and an answer is coming); best effort, never throws. */
  acknowledge(env: Env, deployment: OpenDeployment, item: InboundItem): Promise<void>;
};
