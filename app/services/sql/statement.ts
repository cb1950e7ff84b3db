// The typed statements of the data layer's raw SQL (docs/decisions/055): each declares its
// parameters and the type of each column it reads, and one place (here and the two sessions)
// converts what the drivers give — SQLite's integers as BigInt, its booleans as 0/1 and its dates
// as text; PostgreSQL's 64-bit counts as strings — into numbers, booleans and Dates.

export type Dialect = "sqlite" | "postgres";

/** What a statement's parameter may be; each session writes Dates and booleans its own way. */
export type Param = string | number | boolean | Date | Buffer | null;

/** Reads one column of a row. */
export type Column<T> = (value: unknown) => T;

const asNumber = (value: unknown): number => (typeof value === "number" ? value : Number(value));
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string));

/** The column types. `nullable(c)` for a column that may be NULL. */
export const column = {
  text: ((value) => value as string) as Column<string>,
  /** An integer (SQLite's BigInt, PostgreSQL's int8 text) within JavaScript's safe range. */
  int: asNumber as Column<number>,
  bool: ((value) => value === true || value === 1 || value === 1n) as Column<boolean>,
  date: asDate as Column<Date>,
  bytes: ((value) => value as Buffer) as Column<Buffer>,
  /** JSON: stored as text on SQLite, built by json_agg and read as a value on PostgreSQL. */
  json:
    <T>(): Column<T> =>
    (value) =>
      (typeof value === "string" ? JSON.parse(value) : value) as T,
  nullable:
    <T>(read: Column<T>): Column<T | null> =>
    (value) =>
      value === null || value === undefined ? null : read(value),
};

type Columns = Record<string, Column<unknown>>;
export type RowOf<C extends Columns> = { [K in keyof C]: ReturnType<C[K]> };

/** A statement's SQL as each dialect runs it, with positional placeholders. */
export type StatementText = { sqlite: string; postgres: string; names: readonly string[] | null };

export type Statement<P, R> = {
  readonly text: StatementText;
  readonly read: (row: Record<string, unknown>) => R;
  /** Never set: carries the parameter type. */
  readonly params?: P;
};

/** A statement's parameters: a tuple for `?` placeholders, an object for `@name` ones. */
export type Params = readonly Param[] | Record<string, Param>;

/**
 * Declares a statement: `statement<[id: string]>()(sql, { id: column.text })`. `sql` is one text
 * for both dialects, with `?` or `@name` placeholders (PostgreSQL's `$n` are made from them), or
 * `{ sqlite, postgres }` where the dialects really differ; `columns` are what a row holds (none
 * for a statement that returns no rows).
 */
export function statement<P extends Params = []>() {
  return <C extends Columns = Record<never, never>>(sql: string | { sqlite: string; postgres: string }, columns?: C): Statement<P, RowOf<C>> => {
    const sqlite = typeof sql === "string" ? sql : sql.sqlite;
    const postgres = typeof sql === "string" ? sql : sql.postgres;
    const forSqlite = placeholders(sqlite);
    const forPostgres = placeholders(postgres);
    if (String(forSqlite.names) !== String(forPostgres.names)) throw new Error("the two dialects' texts must name the same parameters, in order");
    const declared = {
      text: { sqlite: forSqlite.text(() => "?"), postgres: forPostgres.text((n) => `$${n}`), names: forSqlite.names },
      read: reader(columns ?? ({} as C)),
    };
    declaredTexts.push(declared.text);
    return declared;
  };
}

/** Every statement declared so far, for the test that has both databases prepare each one. */
export const declaredTexts: StatementText[] = [];

/** A row reader for `columns`: only the declared columns, each converted. */
function reader<C extends Columns>(columns: C): (row: Record<string, unknown>) => RowOf<C> {
  const entries = Object.entries(columns);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [name, read] of entries) out[name] = read(row[name]);
    return out as RowOf<C>;
  };
}

/**
 * The placeholders of `sql`, outside quoted strings and identifiers: either all `?` (names null)
 * or all `@name` (the names in order; a name used twice is two parameters of the same value).
 */
export function placeholders(sql: string): { names: string[] | null; text: (mark: (position: number, name: string | null) => string) => string } {
  const parts: string[] = [];
  const names: string[] = [];
  let positional = 0;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unclosed ${ch} in ${sql}`);
      i = end;
    } else if (ch === "?") {
      parts.push(sql.slice(start, i));
      positional++;
      start = i + 1;
    } else if (ch === "@" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      parts.push(sql.slice(start, i));
      names.push(match[0]);
      i += match[0].length;
      start = i + 1;
    }
  }
  parts.push(sql.slice(start));
  if (positional && names.length) throw new Error(`a statement uses ? or @name placeholders, not both: ${sql}`);
  return {
    names: names.length ? names : null,
    text: (mark) => parts.reduce((text, part, i) => (i === 0 ? part : `${text}${mark(i, names[i - 1] ?? null)}${part}`), ""),
  };
}

/** The parameters in placeholder order. */
export function positionalParams(text: StatementText, params: Params): readonly Param[] {
  if (!text.names) return params as readonly Param[];
  const named = params as Record<string, Param>;
  return text.names.map((name) => {
    if (!(name in named)) throw new Error(`missing parameter @${name}`);
    return named[name]!;
  });
}

/** SQLite's text form of a DateTime as Prisma writes it, so that raw SQL compares like with like. */
export function sqliteDateTime(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}
