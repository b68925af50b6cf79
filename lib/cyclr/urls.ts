// Cyclr's browser page that authenticates an OAuth connector (CYCLR.md). Every value is
// percent-encoded with encodeURIComponent: sign-in tokens carry + / =, and a "+" left
// as-is would come back as a space.

export type ConnectorAuthUrl = {
  serviceUrl: string;
  accountConnectorId: string;
  signInToken: string;
  targetOrigin: string;
  callbackMessage?: string;
};

export function buildConnectorAuthUrl(input: ConnectorAuthUrl): string {
  const params: [string, string][] = [
    ["id", input.accountConnectorId],
    ["token", input.signInToken],
    ["targetOrigin", input.targetOrigin],
  ];
  if (input.callbackMessage !== undefined) params.push(["callbackMessage", input.callbackMessage]);
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return `${new URL(input.serviceUrl).origin}/connectorauth/updateaccountconnectoroauth?${query}`;
}
