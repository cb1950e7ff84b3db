import { db } from "~/services/db.server";
import { translationHistory } from "./plan-translation.server";

/** What the staff page needs: the consultation, its published versions (newest first, with their English text) and every translation published. */
export async function translationsPageData(slug: string) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      versions: { where: { publishedAt: { not: null } }, orderBy: { number: "desc" }, select: { number: true, bodyMd: true } },
    },
  });
  if (!c) return null;
  return { consultation: { number: c.number, slug: c.slug, title: c.title }, versions: c.versions, history: await translationHistory(c.id) };
}
