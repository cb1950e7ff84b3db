import { describe, expect, it } from "vitest";
import { isRetryableConflict } from "./retryable";

describe("isRetryableConflict", () => {
  it("knows a serialisation failure and a deadlock from node-pg", () => {
    expect(isRetryableConflict(Object.assign(new Error("could not serialize access due to concurrent update"), { code: "40001" }))).toBe(true);
    expect(isRetryableConflict(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(true);
  });

  it("knows Prisma's own shapes of them", () => {
    expect(isRetryableConflict({ code: "P2034", message: "Transaction failed due to a write conflict or a deadlock" })).toBe(true);
    expect(isRetryableConflict({ code: "P2010", meta: { code: "40001" }, message: "Raw query failed" })).toBe(true);
  });

  it("knows the adapter's error for a conflict found at COMMIT", () => {
    // What @prisma/adapter-pg throws for 40001 (a DriverAdapterError whose cause names the kind).
    const atCommit = Object.assign(new Error("TransactionWriteConflict"), { name: "DriverAdapterError", cause: { kind: "TransactionWriteConflict" } });
    expect(isRetryableConflict(atCommit)).toBe(true);
    const deadlock = Object.assign(new Error("deadlock detected"), { name: "DriverAdapterError", cause: { kind: "postgres", code: "40P01" } });
    expect(isRetryableConflict(deadlock)).toBe(true);
  });

  it("lets every other error through, to be thrown", () => {
    expect(isRetryableConflict(Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }))).toBe(false);
    expect(isRetryableConflict({ name: "DriverAdapterError", cause: { kind: "UniqueConstraintViolation" }, message: "UniqueConstraintViolation" })).toBe(false);
    expect(isRetryableConflict(new Error("connection terminated"))).toBe(false);
    expect(isRetryableConflict(null)).toBe(false);
    expect(isRetryableConflict(undefined)).toBe(false);
  });
});
