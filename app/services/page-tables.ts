// The tables that public pages read: a write to any of them moves the page generation (SQLite's
// PageGeneration triggers, PostgreSQL's page_generation notifications; a test checks that both
// migrations cover exactly these). Sessions, rate limits, mail, events and jobs are not here.
export const PAGE_TABLES: readonly string[] = [
  "Attachment",
  "AuditEvent",
  "ClosingExtension",
  "Comment",
  "CommentByEmail",
  "CommentRevision",
  "CommentTheme",
  "Consultation",
  "Disposition",
  "DugAdvice",
  "DugPosition",
  "DugReview",
  "DugSeat",
  "Membership",
  "Organisation",
  "PlanTranslation",
  "PlanVersion",
  "Setting",
  "Statement",
  "StatementRevision",
  "StatementRevisionAttachment",
  "StatementTranslation",
  "Theme",
  "Tld",
  "User",
  "UserRole",
];

const pageTables = new Set(PAGE_TABLES);
const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"public"\.)?"(\w+)"/i;
const READ = /^\s*(?:SELECT|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|LISTEN|DEALLOCATE)\b/i;

/**
 * Might `sql` change what public pages show? A write to a page table, or any statement that is
 * neither a plain read nor a write to another table (a CTE that writes, a script): when in doubt, yes.
 */
export function mayChangePages(sql: string): boolean {
  const write = WRITE.exec(sql);
  if (write) return pageTables.has(write[1]!);
  return !READ.test(sql);
}
