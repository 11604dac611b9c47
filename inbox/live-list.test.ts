/** The live list's sockets: a socket that opens has the lists read again at once, and once more after the conversations' hint. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UNWATCHED_HINT_MS } from "../worker/protocol/inbox-events";

/** The sockets the live list opened, each able to say it opened. */
const opened: { url: string; open: () => void; closed: boolean }[] = [];

vi.mock("partysocket/ws", () => ({
  default: class {
    private readonly listeners = new Map<string, (() => void)[]>();
    private readonly record: { url: string; open: () => void; closed: boolean };
    constructor(url: string) {
      this.record = { url, open: () => this.emit("open"), closed: false };
      opened.push(this.record);
    }
    addEventListener(type: string, listener: () => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    close(): void {
      this.record.closed = true;
    }
    private emit(type: string): void {
      for (const listener of this.listeners.get(type) ?? []) listener();
    }
  },
}));

vi.mock("./api", () => ({
  listAgentIds: async () => ["agent-a"],
  socketUrl: (path: string) => `ws://inbox.test${path}`,
}));

const { CATCH_UP_MARGIN_MS, followAgents } = await import("./live-list");

describe("followAgents", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    opened.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads the lists again when a socket opens, and once more after the conversations' hint ran out", async () => {
    const reloads = vi.fn();
    const stop = followAgents({ opened: reloads, closed: () => {}, failed: () => {}, event: () => {} });
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]?.url).toBe("ws://inbox.test/socket?agent=agent-a");

    opened[0]?.open();
    expect(reloads).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(UNWATCHED_HINT_MS + CATCH_UP_MARGIN_MS - 1);
    expect(reloads).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(reloads).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10 * UNWATCHED_HINT_MS);
    expect(reloads).toHaveBeenCalledTimes(2); // once, not on a period
    stop();
  });

  it("reads nothing more once stopped", async () => {
    const reloads = vi.fn();
    const stop = followAgents({ opened: reloads, closed: () => {}, failed: () => {}, event: () => {} });
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opened[0]?.open();
    stop();
    expect(opened[0]?.closed).toBe(true);
    vi.advanceTimersByTime(10 * UNWATCHED_HINT_MS);
    expect(reloads).toHaveBeenCalledTimes(1);
  });
});
