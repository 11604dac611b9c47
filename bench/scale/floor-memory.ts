/**
 * `npx tsx bench/scale/floor-memory.ts [objects]`: the memory floor of conversations on workerd under
 * `wrangler dev`, for reading the concurrency figures. It starts the bare Durable Object floor
 * (bench/peers/workers/floor-do.ts: no storage, no model), opens one hibernatable WebSocket to each of
 * `objects` objects, sends one message on each and waits for its answer, then prints workerd's RSS
 * (rss.ts: the Worker's runtime and wrangler's dev proxy) before and with every socket open.
 */
import { startPeer } from "../peers/server.ts";
import { workerdRss } from "./rss.ts";

const objects = Number(process.argv[2] ?? 1_000);
const OPENING_AT_ONCE = 50; // sockets opened at a time: the same objects either way, a gentler start
const SETTLE_MS = 2_000; // lets the last answers' buffers go before the reading

/** Opens a socket to the floor object `name`, asks once, and resolves with the open socket once answered. */
async function openAndAsk(url: string, name: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/floor/${name}`);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error(`socket to ${name} failed`)), { once: true });
  });
  const done = new Promise<void>((resolve) =>
    socket.addEventListener("message", (event) => {
      if (String(event.data).includes('"done"')) resolve();
    }),
  );
  socket.send(JSON.stringify({ type: "message", id: "1", text: "hello" }));
  await done;
  return socket;
}

const peer = await startPeer("floor-do");
const sockets: WebSocket[] = [];
try {
  const before = workerdRss(peer.pid);
  for (let first = 0; first < objects; first += OPENING_AT_ONCE) {
    const names = Array.from({ length: Math.min(OPENING_AT_ONCE, objects - first) }, (_, i) => `floor-${first + i}`);
    sockets.push(...(await Promise.all(names.map((name) => openAndAsk(peer.url, name)))));
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const open = workerdRss(peer.pid);
  const perObject = (key: keyof typeof open) => ((open[key] - before[key]) / objects).toFixed(3);
  console.log(`| ${objects} bare objects, a socket each | workerd MB | runtime MB | wrangler proxy MB |`);
  console.log("|---|---|---|---|");
  console.log(`| started | ${before.total} | ${before.runtime} | ${before.proxy} |`);
  console.log(`| every socket open | ${open.total} | ${open.runtime} | ${open.proxy} |`);
  console.log(`| per object | ${perObject("total")} | ${perObject("runtime")} | ${perObject("proxy")} |`);
} finally {
  for (const socket of sockets) socket.close();
  await peer.stop();
}
