// The baseline of the benchmark: plain node:http, on as many processes as the app has
// (BASELINE_PROCESSES, node:cluster on one port), so the app's figures can be read as a fraction of
// what Node itself manages on this machine. Two modes:
// - replay (default): each path answered with bytes recorded from the app, registered over the
//   IPC channel (the primary passes each route on to every process and acknowledges once all have);
// - STATIC_FILE=<path>: that one small file for every request — the ceiling of the run, what
//   node:http reaches at all on this machine with this load generator.
// Runs as a child process of scripts/bench.ts, so it does not share an event loop with it.
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import http from "node:http";

type Route = { status: number; headers: Record<string, string>; body: string };
type Message = { type: "serve"; id: number; path: string } & Route;

function serveProcess() {
  const routes = new Map<string, { status: number; headers: Record<string, string | number>; body: Buffer }>();
  const staticFile = process.env.STATIC_FILE;
  const file = staticFile ? fs.readFileSync(staticFile) : undefined;
  const fileHeaders = { "content-type": "image/svg+xml", "content-length": file?.length ?? 0 };
  const server = http.createServer((req, res) => {
    if (file) {
      res.writeHead(200, fileHeaders);
      res.end(file);
      return;
    }
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
    routes.set(message.path, { status: message.status, headers: { ...message.headers, "content-length": body.length }, body });
    process.send?.({ type: "ack", id: message.id });
  });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.({ type: "listening" }));
}

function primary() {
  const count = Math.max(1, Number(process.env.BASELINE_PROCESSES) || 1);
  const workers: Worker[] = [];
  let listening = 0;
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    workers.push(worker);
    worker.on("message", (message: { type?: string }) => {
      if (message?.type === "listening" && ++listening === count) process.send?.({ type: "listening" });
    });
    worker.once("exit", () => process.exit(1));
  }
  process.on("message", (raw) => {
    const message = raw as Message;
    if (message.type !== "serve") return;
    let acks = 0;
    for (const worker of workers) {
      const onAck = (reply: { type?: string; id?: number }) => {
        if (reply?.type !== "ack" || reply.id !== message.id) return;
        worker.off("message", onAck);
        if (++acks === workers.length) process.send?.({ type: "ack", id: message.id });
      };
      worker.on("message", onAck);
      worker.send(message);
    }
  });
  const end = () => {
    for (const worker of workers) worker.process.kill("SIGTERM");
    process.exit(0);
  };
  // The parent going away ends the baseline too.
  process.on("disconnect", end);
  process.on("SIGTERM", end);
  process.on("SIGINT", end);
}

if (cluster.isPrimary) primary();
else {
  process.on("disconnect", () => process.exit(0));
  serveProcess();
}
