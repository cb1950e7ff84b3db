import { EVENT_TYPES } from "./payloads";
import { EVENT_HANDLERS, handlerFor } from "./registry.server";

test.each(EVENT_TYPES)("%s has a handler", (type) => {
  expect(handlerFor(type)).toBeTypeOf("function");
});

test("every handler's type is in the union", () => {
  const known = new Set<string>(EVENT_TYPES);
  expect(Object.keys(EVENT_HANDLERS).filter((type) => !known.has(type))).toEqual([]);
  expect(Object.keys(EVENT_HANDLERS)).toHaveLength(EVENT_TYPES.length);
});
