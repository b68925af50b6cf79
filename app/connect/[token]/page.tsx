import type { Metadata } from "next";
import { ConnectView } from "@/components/connect/connect-view";
import { loadConnectPage } from "@/lib/connect/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your apps" };

export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const page = await loadConnectPage(token, { embedded: false });
  return <ConnectView page={page} token={token} embedded={false} />;
}
