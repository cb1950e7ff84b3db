import { column, placeholders, positionalParams, statement } from "./statement";

test("? placeholders become $1, $2 … for PostgreSQL, not inside quoted strings or identifiers", () => {
  const s = statement<[string, number]>()(`SELECT "a?" FROM "T" WHERE "b" = ? AND "c" <> 'what?' AND "d" = ?`);
  expect(s.text.sqlite).toBe(`SELECT "a?" FROM "T" WHERE "b" = ? AND "c" <> 'what?' AND "d" = ?`);
  expect(s.text.postgres).toBe(`SELECT "a?" FROM "T" WHERE "b" = $1 AND "c" <> 'what?' AND "d" = $2`);
  expect(s.text.names).toBeNull();
});

test("@name placeholders are given in order from an object; a name used twice is passed twice", () => {
  const s = statement<{ now: Date; limit: number }>()(`SELECT 1 WHERE "x" < @now AND "y" < @now LIMIT @limit`);
  expect(s.text.postgres).toBe(`SELECT 1 WHERE "x" < $1 AND "y" < $2 LIMIT $3`);
  expect(s.text.sqlite).toBe(`SELECT 1 WHERE "x" < ? AND "y" < ? LIMIT ?`);
  const at = new Date(0);
  expect(positionalParams(s.text, { now: at, limit: 5 })).toEqual([at, at, 5]);
  expect(() => positionalParams(s.text, { now: at } as never)).toThrow("missing parameter @limit");
});

test("a statement mixing both kinds of placeholder, or dialect texts naming different parameters, is refused when declared", () => {
  expect(() => placeholders(`SELECT ? WHERE @a`)).toThrow("not both");
  expect(() => statement<{ a: string }>()({ sqlite: `SELECT @a`, postgres: `SELECT @b` })).toThrow("same parameters");
  expect(() => placeholders(`SELECT 'unclosed`)).toThrow("unclosed");
});

test("rows are read column by column: integers, booleans, dates, JSON and NULLs from either driver", () => {
  const s = statement()(`SELECT 1`, {
    n: column.int,
    flag: column.bool,
    at: column.date,
    maybe: column.nullable(column.date),
    data: column.json<{ a: number[] }>(),
  });
  // SQLite: BigInt, 0/1, ISO text, text JSON.
  expect(s.read({ n: 3n, flag: 1n, at: "2026-01-02T03:04:05.000+00:00", maybe: null, data: '{"a":[1]}', extra: "x" })).toEqual({
    n: 3,
    flag: true,
    at: new Date("2026-01-02T03:04:05Z"),
    maybe: null,
    data: { a: [1] },
  });
  // PostgreSQL: int8 as text, booleans, Dates, parsed JSON.
  const at = new Date("2026-01-02T03:04:05Z");
  expect(s.read({ n: "12", flag: false, at, maybe: at, data: { a: [] } })).toEqual({ n: 12, flag: false, at, maybe: at, data: { a: [] } });
});
