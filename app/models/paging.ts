// Paged lists: how many pages a total makes and which rows a page holds. An empty list still
// has one page, so "page 1 of 1" is always shown rather than "page 1 of 0".

/** The number of pages `total` rows fill at `size` a page; at least one. */
export function pageCountOf(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The rows of page `page` (from 1), as a Prisma `skip`/`take`. */
export function pageWindow(page: number, size: number): { skip: number; take: number } {
  return { skip: (page - 1) * size, take: size };
}
