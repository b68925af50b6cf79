import "server-only";
import type { Metadata } from "next";
import { ConnectView } from "@/components/connect/connect-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your apps" };

// The iframe variant. It needs no cookie: the token in the path authorizes every action,
// and proxy.ts sends frame-ancestors with exactly the session's allowed origins.
export default async function EmbedPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <ConnectView token={token} embedded />;
}
