// Makes an address an administrator (creating its account if needed): how the first admin of a
// production database is made. Usage: npm run grant-admin -- someone@example.org
import { db, disconnectDb } from "../app/services/db.server";
import { recordAudit } from "../app/models/audit.server";
import { emailField } from "../app/features/accounts/sign-in-validation";

const parsed = emailField.safeParse(process.argv[2] ?? "");
if (!parsed.success) {
  console.error("Usage: npm run grant-admin -- someone@example.org");
  process.exit(1);
}
const email = parsed.data;
await db().$transaction(async (tx) => {
  const user = await tx.user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
  const existing = await tx.userRole.findUnique({ where: { userId_role: { userId: user.id, role: "admin" } } });
  if (existing) return console.log(`${email} is already an administrator.`);
  await tx.userRole.create({ data: { userId: user.id, role: "admin" } });
  await recordAudit(tx, { actorId: null, action: "role.grant", subjectType: "user", subjectId: user.id, data: { role: "admin", via: "command line" } });
  console.log(`${email} is now an administrator.`);
});
await disconnectDb();
