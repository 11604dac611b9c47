/**
 * A tiny loopback web site for the outbound-fetch guard's tests: a page, an oversized body, a
 * redirect to any URL, an endless redirect loop and a response that never finishes. Runs in
 * Node on 127.0.0.1 only; the workerd tests reach it through the guard's test allowance.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const LOOPBACK_HOST = "127.0.0.1";
export const BIG_BODY_BYTES = 2 * 1024 * 1024; // over the caps the tests set
const BIG_CHUNK_BYTES = 64 * 1024;

export type LoopbackSite = { url: string; close: () => Promise<void> };

export async function startLoopbackSite(): Promise<LoopbackSite> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
    if (url.pathname === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html><head><title>Loopback page</title></head><body><h1>Hello</h1></body></html>");
    } else if (url.pathname === "/big") {
      res.writeHead(200, { "content-type": "text/plain" }); // no content-length: the cap must hold while streaming
      const chunk = "x".repeat(BIG_CHUNK_BYTES);
      for (let sent = 0; sent < BIG_BODY_BYTES; sent += BIG_CHUNK_BYTES) res.write(chunk);
      res.end();
    } else if (url.pathname === "/redirect") {
      res.writeHead(302, { location: url.searchParams.get("to") ?? "/page" }).end();
    } else if (url.pathname === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (url.pathname === "/hang") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("started…");
      hanging.add(res); // never ended: the guard's time cap must end the fetch
    } else {
      res.writeHead(404).end("not found");
    }
  });
  server.listen(0, LOOPBACK_HOST);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
