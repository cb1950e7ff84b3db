-- CreateTable
CREATE TABLE "CspViolation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "directive" TEXT NOT NULL,
    "blockedUri" TEXT NOT NULL,
    "documentUri" TEXT NOT NULL,
    "sourceFile" TEXT,
    "lineNumber" INTEGER,
    "sample" TEXT,
    "disposition" TEXT NOT NULL DEFAULT 'enforce',
    "userAgent" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "CspViolation_key_key" ON "CspViolation"("key");

-- CreateIndex
CREATE INDEX "CspViolation_lastSeenAt_idx" ON "CspViolation"("lastSeenAt");

