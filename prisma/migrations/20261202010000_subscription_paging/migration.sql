-- A consultation's followers are read in pages ordered by follower: the index serves the
-- consultation and the order, so each page stops after its rows.
DROP INDEX "Subscription_consultationId_idx";
CREATE INDEX "Subscription_consultationId_followerId_idx" ON "Subscription"("consultationId", "followerId");
