import { parse } from "@formatjs/icu-messageformat-parser";
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "~/services/language";
import { MessagesProvider, type Messages } from "./messages-context";
import { PageIntlProvider, useRich, useT, type MessageId } from "./t";

// The page's formatter (intl-messageformat on the server's syntax trees, without react-intl).

function render(locale: Locale, texts: Record<string, string>, Component: () => JSX.Element): string {
  const messages: Messages = Object.fromEntries(Object.entries(texts).map(([id, text]) => [id, parse(text)]));
  return renderToStaticMarkup(
    <MessagesProvider value={{ locale, messages }}>
      <PageIntlProvider>
        <Component />
      </PageIntlProvider>
    </MessagesProvider>,
  );
}

const id = (name: string) => name as MessageId;

test("a message is formatted in the page's language, with its plural forms", () => {
  const texts = { "x.count": "{count, plural, one {# комментарий} few {# комментария} many {# комментариев} other {# комментария}}" };
  const Counts = () => {
    const t = useT();
    return <p>{[1, 3, 11, 1000].map((count) => t(id("x.count"), { count })).join(" | ")}</p>;
  };
  expect(render("ru", texts, Counts)).toBe("<p>1 комментарий | 3 комментария | 11 комментариев | 1\u00a0000 комментариев</p>");
});

test("a message with markup renders its tags through the given functions, escaping the text", () => {
  const texts = { "x.rich": "Lisez <link>le plan</link> puis <b>{name}</b>." };
  const Rich = () => {
    const rich = useRich();
    return <p>{rich(id("x.rich"), { link: (chunks) => <a href="/plan">{chunks}</a>, b: (chunks) => <strong>{chunks}</strong>, name: "<Ève>" })}</p>;
  };
  expect(render("fr", texts, Rich)).toBe('<p>Lisez <a href="/plan">le plan</a> puis <strong>&lt;Ève&gt;</strong>.</p>');
});

test("a missing message shows its id, and a message missing a value shows its id instead of failing the page", () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => errors.push(message);
  try {
    const texts = { "x.needs": "Bonjour {name}" };
    const Missing = () => {
      const t = useT();
      return <p>{`${t(id("x.absent"))} ${t(id("x.needs"))}`}</p>;
    };
    expect(render("fr", texts, Missing)).toBe("<p>x.absent x.needs</p>");
    expect(errors.join("\n")).toMatch(/x\.needs/);
  } finally {
    console.error = original;
  }
});
