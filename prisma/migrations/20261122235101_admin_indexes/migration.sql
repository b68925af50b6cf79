-- CreateIndex
CREATE INDEX "Account_name_id_idx" ON "Account"("name", "id");

-- CreateIndex
CREATE INDEX "AccountConnector_name_id_idx" ON "AccountConnector"("name", "id");

-- CreateIndex
CREATE INDEX "AccountConnector_status_name_id_idx" ON "AccountConnector"("status", "name", "id");

-- CreateIndex
CREATE INDEX "ConnectAttempt_startedAt_idx" ON "ConnectAttempt"("startedAt");

-- CreateIndex
CREATE INDEX "Event_type_createdAt_idx" ON "Event"("type", "createdAt");
