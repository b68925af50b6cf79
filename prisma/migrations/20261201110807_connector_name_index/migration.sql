-- CreateIndex
CREATE INDEX "AccountConnector_connectorName_idx" ON "AccountConnector"("connectorName");
