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

// The iframe variant. It needs no cookie: the token in the path authorizes every action,
// and proxy.ts sends frame-ancestors with exactly the session's allowed origins.
export default async function EmbedPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<PageQuery> }) {
  const { token } = await params;
  const page = await loadConnectPage(token, { embedded: true, ip: clientIp(await headers()) });
  const appearance = await loadPageAppearance(token, await searchParams, { embedded: true });
  return (
    <AppearanceRoot appearance={appearance}>
      <ConnectView page={page} token={token} embedded />
    </AppearanceRoot>
  );
}
