import { useEffect, useRef, useState } from "react";
import { describedBy, FieldShell } from "./field";
import { useHydrated } from "./hydrated";
import { useRich, useT } from "~/i18n/t";

type Props = {
  name: string;
  /** Defaults to name; set it when two editors share a page. */
  id?: string;
  label: string;
  defaultValue: string;
  error?: string;
  hint?: string;
  kind: "plan" | "comment";
  rows?: number;
  /** Server-rendered preview (the no-JavaScript Preview button). */
  serverPreview?: string | null;
  required?: boolean;
};

/**
 * A markdown textarea with a preview of exactly what will be published. With JavaScript the
 * preview follows the typing; without it, the form's Preview button renders it on the server.
 */
export function MarkdownEditor({ name, id = name, label, defaultValue, error, hint, kind, rows = 12, serverPreview, required }: Props) {
  const t = useT();
  const rich = useRich();
  const [source, setSource] = useState(defaultValue);
  const live = useHydrated();
  const [liveHtml, setLiveHtml] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    clearTimeout(timer.current);
    // A plain fetch, not a Remix fetcher: a preview must not make the page reload its data
    // (which, after a deadline, could remove the form and the text being typed).
    timer.current = setTimeout(async () => {
      if (!source.trim()) return setLiveHtml("");
      try {
        const response = await fetch("/markdown-preview", { method: "POST", body: new URLSearchParams({ source, kind }), signal: controller.signal });
        if (response.ok) setLiveHtml(((await response.json()) as { html: string }).html);
      } catch {
        /* aborted or offline: keep the last preview */
      }
    }, 400);
    return () => {
      clearTimeout(timer.current);
      controller.abort();
    };
  }, [source, live, kind]);
  const html = live ? (liveHtml ?? serverPreview) : serverPreview;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <div className="editor-panes">
        <textarea
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
        {html ? (
          <section className="preview" aria-label={t("shell.markdown.preview")} aria-live="polite">
            <p className="eyebrow">{t("shell.markdown.preview")}</p>
            <div className="prose rendered" dangerouslySetInnerHTML={{ __html: html }} />
          </section>
        ) : null}
      </div>
      <p className="hint">{rich("shell.markdown.hint", { code: (chunks) => <code>{chunks}</code> })}</p>
    </FieldShell>
  );
}
