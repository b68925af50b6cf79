import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { ConnectView } from "@/components/connect/connect-view";
import { clientIp } from "@/lib/client-ip";
import { loadConnectPage } from "@/lib/connect/page";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ConnectPage"))("title") };
}

export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const page = await loadConnectPage(token, { embedded: false, ip: clientIp(await headers()) });
  return <ConnectView page={page} token={token} embedded={false} />;
}
