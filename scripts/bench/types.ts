// Shared types of the benchmark (scripts/bench.ts). A scenario group measures a few URLs and
// writes its own section of docs/performance.md, between `<!-- bench:<markers>:start -->` and
// `<!-- bench:<markers>:end -->`.
import type autocannon from "autocannon";

/** One recorded HTTP response, replayed byte for byte by the baseline server. */
export type RecordedResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
};

/** One wrk run (scripts/bench/wrk.ts). */
export type LoadOptions = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Overrides the run's default (BENCH_CONNECTIONS). */
  connections?: number;
  /** Seconds; overrides the run's default (BENCH_DURATION). */
  duration?: number;
  /** No warm-up run before this one. */
  noWarmup?: boolean;
  /**
   * Each request built by the script: a body picked from `bodies` in turn, with every `__N__`
   * replaced by a number unique in the run; a cookie from `cookies` in turn; and, with
   * `forwardedFor`, its own X-Forwarded-For address.
   */
  perRequest?: { bodies: string[]; cookies?: string[]; forwardedFor?: boolean };
  /** Count every answer's status and keep its Location header (slows the generator: POSTs only). */
  track?: boolean;
};

/** A paced run (autocannon, scripts/bench/cannon.ts): wrk cannot send at a fixed rate. */
export type CannonOptions = {
  url: string;
  /**
   * Per-request variation (autocannon's `requests`: setupRequest/onResponse), e.g. a unique
   * idempotency key per POST.
   */
  requests: autocannon.Request[];
  /**
   * A fixed number of requests instead of a duration: the run ends when every answer is in, so
   * nothing is cut off mid-flight (needed to match posted comments against answers).
   */
  amount: number;
  /** The warm-up's number of requests (default: no warm-up). */
  warmupAmount?: number;
  /** Requests per second over all connections (autocannon's `overallRate`). */
  overallRate: number;
};

export type Measurement = {
  /** Mean requests per second over the recorded run. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Total responses received during the recorded run. */
  total: number;
  non2xx: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /**
   * Responses per status code, e.g. { "302": 5120 } when tracked; otherwise wrk's two counts,
   * { "<400": n, ">=400": m }.
   */
  statusCounts: Record<string, number>;
  /**
   * Requests the generator sent (wrk with a per-request script; the last ones may be unanswered;
   * 0 for wrk's static requests); undefined when wrk did not make the run.
   */
  sent?: number;
  /** The Location header of every tracked answer that had one. */
  locations?: string[];
  /** The warm-up run (not reported): responses and connection errors. */
  warmup?: { total: number; errors: number; timeouts: number; sent?: number };
};

export type ScenarioResult = {
  /** Stable identifier, e.g. "home.app". */
  id: string;
  /** Shown in the table. */
  label: string;
  target: "app" | "baseline";
  /** For app scenarios: the id of the baseline scenario serving the same bytes. */
  baselineId?: string;
  /** When true (the default), any non-2xx response or connection error fails the benchmark. */
  expect2xx?: boolean;
  /**
   * The status (or statuses) every answer must have instead of 2xx (302 for a posted form, 304
   * for a revalidation); any other answer fails the benchmark.
   */
  expectStatus?: number | number[];
  /** A note (or several) shown under the table. */
  note?: string | string[];
  /** Checks the scenario made itself that failed (they fail the benchmark). */
  problems?: string[];
  /** Size of one response body, for the notes under the table. */
  responseBytes?: number;
  measurement: Measurement;
};

export type Settings = {
  connections: number;
  duration: number;
  warmup: number;
};

export type Baseline = {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Makes the baseline answer `path` (path + query, exact match) with `response`. */
  serve(path: string, response: RecordedResponse): Promise<void>;
};

export type BenchContext = {
  /** The app's origin, e.g. http://127.0.0.1:40122 */
  appUrl: string;
  baseline: Baseline;
  settings: Settings;
  /** Server processes of the app (WEB_CONCURRENCY), and so of the baseline. */
  processes: number;
  /** Requests/s of node:http serving a small static file, once the foundation group measured it. */
  ceiling?: number;
  /** The environment the app server runs with (DATABASE_URL, MAIL_DIR, …). */
  serverEnv: Record<string, string>;
  /** The temporary folder holding the database and mail; removed at the end. */
  tmpDir: string;
  /** GETs (or otherwise requests) `url` once and returns the exact bytes and headers. */
  record(url: string, init?: RequestInit): Promise<RecordedResponse>;
  /** wrk: a warm-up run (not recorded), then the measured run. */
  load(options: LoadOptions): Promise<Measurement>;
  /** autocannon, for the runs at a fixed rate only. */
  paced(options: CannonOptions): Promise<Measurement>;
  /**
   * Starts another app server (same database, WEB_CONCURRENCY processes) with some settings
   * changed, e.g. PAGE_CACHE_TTL_MS=0; stop() ends it.
   */
  startAppWith(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
  /** Progress output. */
  log(message: string): void;
};

export type ScenarioGroup = {
  name: string;
  /** The docs/performance.md section this group writes: bench:<markers>:start/end. */
  markers: string;
  /** Heading of that section. */
  title: string;
  /** One or two sentences on what the group measures, printed above its table. */
  description: string;
  run(ctx: BenchContext): Promise<ScenarioResult[]>;
};
