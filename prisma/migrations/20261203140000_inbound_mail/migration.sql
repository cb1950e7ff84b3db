-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "via" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mailFrom" TEXT NOT NULL DEFAULT '',
    "rcptTo" TEXT NOT NULL,
    "remoteIp" TEXT,
    "helo" TEXT,
    "raw" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "messageId" TEXT,
    "fromAddress" TEXT,
    "subject" TEXT,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "processedAt" DATETIME,
    "outcome" TEXT,
    "authJson" TEXT NOT NULL DEFAULT '{}',
    "commentId" TEXT
);

-- CreateTable
CREATE TABLE "CommentByEmail" (
    "commentId" TEXT NOT NULL PRIMARY KEY,
    "inboundMessageId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "authJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MailBounce" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "hardBounces" INTEGER NOT NULL DEFAULT 0,
    "lastBounceAt" DATETIME NOT NULL,
    "lastStatus" TEXT NOT NULL,
    "lastDiagnostic" TEXT NOT NULL DEFAULT '',
    "suppressedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "InboundMessage_status_receivedAt_idx" ON "InboundMessage"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundMessage_receivedAt_idx" ON "InboundMessage"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CommentByEmail_inboundMessageId_key" ON "CommentByEmail"("inboundMessageId");


-- Comment pages show the "sent by email" mark: its table moves the page generation
-- (docs/decisions/029), like the comments themselves.
CREATE TRIGGER "PageGeneration_CommentByEmail_insert" AFTER INSERT ON "CommentByEmail" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentByEmail_update" AFTER UPDATE ON "CommentByEmail" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentByEmail_delete" AFTER DELETE ON "CommentByEmail" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
