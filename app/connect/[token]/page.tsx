import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { AppearanceRoot } from "@/components/connect/appearance-root";
import { ConnectView } from "@/components/connect/connect-view";
import { clientIp } from "@/lib/client-ip";
import { loadConnectPage } from "@/lib/connect/page";
import { loadPageAppearance, type PageQuery } from "@/lib/connect/page-appearance";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ConnectPage"))("title") };
}

export default async function ConnectPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<PageQuery> }) {
  const { token } = await params;
  const page = await loadConnectPage(token, { embedded: false, ip: clientIp(await headers()) });
  const appearance = await loadPageAppearance(token, await searchParams, { embedded: false });
  return (
    <AppearanceRoot appearance={appearance}>
      <ConnectView page={page} token={token} embedded={false} />
    </AppearanceRoot>
  );
}
