// The baseline of the benchmark: a plain node:http server that answers each path with bytes
// recorded from the app, so the app's figures can be read as a fraction of what Node itself
// manages on this machine for the same response sizes. Runs as a child process of
// scripts/bench.ts (so it does not share an event loop with the load generator); responses are
// registered over the IPC channel.
import http from "node:http";

type Message = { type: "serve"; id: number; path: string; status: number; headers: Record<string, string>; body: string };

const routes = new Map<string, { status: number; headers: Record<string, string | number>; body: Buffer }>();

const server = http.createServer((req, res) => {
  const route = routes.get(req.url ?? "/");
  if (!route) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": 10 });
    res.end("Not found\n");
    return;
  }
  res.writeHead(route.status, route.headers);
  res.end(route.body);
});

process.on("message", (raw) => {
  const message = raw as Message;
  if (message.type !== "serve") return;
  const body = Buffer.from(message.body, "base64");
  routes.set(message.path, {
    status: message.status,
    headers: { ...message.headers, "content-length": body.length },
    body,
  });
  process.send?.({ type: "ack", id: message.id });
});

// The parent going away ends the baseline too.
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));

server.listen(Number(process.env.PORT), "127.0.0.1", () => {
  process.send?.({ type: "listening" });
});
