import "server-only";
import type { Metadata } from "next";
import { ConnectView } from "@/components/connect/connect-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your apps" };

export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <ConnectView token={token} embedded={false} />;
}
