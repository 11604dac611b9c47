/** The connection test of a deployment: its channel's adapter asks the platform (or the delivery URL) whether it works. */
import type { ConnectionCheck } from "../channel";
import { deliveringChannel } from "../index";
import type { OpenDeployment } from "./store";

export async function testConnection(env: Env, deployment: OpenDeployment): Promise<ConnectionCheck> {
  return deliveringChannel(deployment.channel).testConnection(env, deployment);
}
