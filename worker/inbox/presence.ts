/** Which staff members have the inbox open right now (routing needs them connected as well as available). */
import { inboxHub } from "./hub";

export async function connectedStaffIds(env: Pick<Env, "INBOX">): Promise<Set<string>> {
  return new Set(await inboxHub(env).connectedStaffIds());
}
