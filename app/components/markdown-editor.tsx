import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

type Props = {
  name: string;
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
export function MarkdownEditor({ name, label, defaultValue, error, hint, kind, rows = 12, serverPreview, required }: Props) {
  const fetcher = useFetcher<{ html: string }>();
  const [source, setSource] = useState(defaultValue);
  const [live, setLive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setLive(true), []);
  useEffect(() => {
    if (!live) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (source.trim()) fetcher.submit({ source, kind }, { method: "post", action: "/markdown-preview" });
    }, 400);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, live]);
  const html = live ? (source.trim() ? fetcher.data?.html : "") : serverPreview;
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field markdown-editor">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <div className="editor-panes">
        <textarea
          id={name}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
        {html ? (
          <section className="preview" aria-label="Preview" aria-live="polite">
            <p className="eyebrow">Preview</p>
            <div className="prose rendered" dangerouslySetInnerHTML={{ __html: html }} />
          </section>
        ) : null}
      </div>
      <p className="hint">
        Markdown: <code>## Heading</code>, <code>**bold**</code>, <code>*italic*</code>, <code>[link](https://…)</code>,{" "}
        <code>- list</code>, <code>`code`</code>, <code>&gt; quote</code>.
      </p>
    </div>
  );
}
