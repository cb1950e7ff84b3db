import type { ReactNode } from "react";
import { TableRegion } from "./table-region";

/**
 * A column heading: its text, or `{ label, numeric }` for a right-aligned count, or
 * `{ label, hidden: true }` for a column of buttons whose heading only screen readers hear.
 */
export type Column = string | { label: string; numeric?: boolean; hidden?: boolean };

/** A staff or public data table in its scrolling region: the headings given, the rows as children. */
export function DataTable({ label, columns, className, children }: { label: string; columns: Column[]; className?: string; children: ReactNode }) {
  return (
    <TableRegion label={label}>
      <table className={className ? `data-table ${className}` : "data-table"}>
        <thead>
          <tr>{columns.map(heading)}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableRegion>
  );
}

function heading(column: Column) {
  const { label, numeric, hidden } = typeof column === "string" ? { label: column } : column;
  return (
    <th key={label} scope="col" className={numeric ? "num" : undefined}>
      {hidden ? <span className="visually-hidden">{label}</span> : label}
    </th>
  );
}
