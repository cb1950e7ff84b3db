import { pageCountOf, pageWindow } from "./paging";

test("an empty list has one page, a partly filled last page counts as a page", () => {
  expect(pageCountOf(0, 50)).toBe(1);
  expect(pageCountOf(50, 50)).toBe(1);
  expect(pageCountOf(51, 50)).toBe(2);
});

test("page n skips the rows of the pages before it and takes one page", () => {
  expect(pageWindow(1, 50)).toEqual({ skip: 0, take: 50 });
  expect(pageWindow(3, 20)).toEqual({ skip: 40, take: 20 });
});
