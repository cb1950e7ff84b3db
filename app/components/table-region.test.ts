import { withTableRegions } from "./table-region";

test("a captioned table is wrapped in a focusable region labelled by its caption", () => {
  expect(withTableRegions(`<p>x</p><table class="data-table"><caption>Versions of the <em>plan</em></caption><tr><td>1</td></tr></table><p>y</p>`)).toBe(
    `<p>x</p><div class="table-wrap" role="region" aria-label="Versions of the plan" tabindex="0"><table class="data-table"><caption>Versions of the <em>plan</em></caption><tr><td>1</td></tr></table></div><p>y</p>`,
  );
});

test("a table without a caption is left alone, also when it sits inside a captioned one", () => {
  const inner = `<table><tr><td>inner</td></tr></table>`;
  const html = `<table><caption>Responses</caption><tr><td>${inner}</td></tr></table>${inner}`;
  expect(withTableRegions(html)).toBe(
    `<div class="table-wrap" role="region" aria-label="Responses" tabindex="0"><table><caption>Responses</caption><tr><td>${inner}</td></tr></table></div>${inner}`,
  );
});

test("an escaped caption stays escaped in the label, and a quote cannot end the attribute", () => {
  expect(withTableRegions(`<table><caption>A &amp; B "quoted"</caption></table>`)).toBe(
    `<div class="table-wrap" role="region" aria-label="A &amp; B &quot;quoted&quot;" tabindex="0"><table><caption>A &amp; B "quoted"</caption></table></div>`,
  );
});
