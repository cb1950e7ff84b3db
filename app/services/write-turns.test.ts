import { WriteTurnClient } from "./write-turn.server";
import { WriteTurns, type WriteTurnMessage } from "./write-turns";

/** A queue where a, b, a and c asked in that order, and the owners granted so far. */
function busyQueue() {
  const granted: string[] = [];
  const turns = new WriteTurns<string>((owner) => granted.push(owner));
  for (const owner of ["a", "b", "a", "c"]) turns.ask(owner);
  return { granted, turns };
}

test("turns are given one at a time, in the order asked, across owners", () => {
  const { granted, turns } = busyQueue();
  expect(granted).toEqual(["a"]);
  turns.done("b"); // not b's turn: ignored
  expect(granted).toEqual(["a"]);
  turns.done("a");
  turns.done("b");
  expect(granted).toEqual(["a", "b", "a"]);
  expect(turns.waiting).toBe(1);
  turns.done("a");
  turns.done("c");
  expect(granted).toEqual(["a", "b", "a", "c"]);
  // Free again: the next ask is granted at once.
  turns.ask("b");
  expect(granted.at(-1)).toBe("b");
});

test("an owner that is gone gives up the turn it holds and those it asked for", () => {
  const { granted, turns } = busyQueue();
  turns.drop("a");
  expect(granted).toEqual(["a", "b"]);
  expect(turns.waiting).toBe(1);
  turns.drop("b");
  expect(granted).toEqual(["a", "b", "c"]);
});

/** A client wired to a supervisor's queue through synchronous "messages". */
function wired(maxWaitMs?: number) {
  const sent: WriteTurnMessage[] = [];
  let client!: WriteTurnClient;
  const turns = new WriteTurns<"me">(() => queueMicrotask(() => client.granted()));
  client = new WriteTurnClient((message) => {
    sent.push(message);
    if (message.writeTurn === "ask") turns.ask("me");
    if (message.writeTurn === "done") turns.done("me");
  }, maxWaitMs);
  return { client, turns, sent };
}

test("a process's takers get their turns in order, and each turn ends once however often it is given back", async () => {
  const { client, sent } = wired();
  const order: number[] = [];
  const first = client.take().then((give) => (order.push(1), give));
  const second = client.take().then((give) => (order.push(2), give));
  const giveFirst = await first;
  expect(order).toEqual([1]);
  giveFirst();
  giveFirst();
  const giveSecond = await second;
  expect(order).toEqual([1, 2]);
  giveSecond();
  expect(sent.map((m) => m.writeTurn)).toEqual(["ask", "ask", "done", "done"]);
});

test("a taker that waited too long writes anyway, and its turn is handed back when it comes", async () => {
  vi.useFakeTimers();
  try {
    const sent: WriteTurnMessage[] = [];
    const client = new WriteTurnClient((message) => sent.push(message), 100);
    const taken = client.take();
    await vi.advanceTimersByTimeAsync(150);
    const give = await taken;
    give(); // no turn was held: nothing to end
    expect(sent.map((m) => m.writeTurn)).toEqual(["ask"]);
    client.granted(); // the late answer
    expect(sent.map((m) => m.writeTurn)).toEqual(["ask", "done"]);
  } finally {
    vi.useRealTimers();
  }
});
