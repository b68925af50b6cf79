import type { Metadata } from "next";
import { MessagePage } from "@/components/connect/message-page";
import { ReturnToList } from "@/components/connect/return-to-list";
import { completeRedirect } from "@/lib/connect/attempts";
import { run } from "@/lib/result";
import { z } from "zod";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Finishing up" };

// Where Cyclr sends the browser back in the redirect flow. The attempt id and its nonce are
// checked, Cyclr is asked whether the connector is now authenticated, and the browser goes
// back to the list it came from (remembered in sessionStorage before it left).
export default async function ReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const attemptId = typeof params.attempt === "string" ? params.attempt : "";
  const nonce = typeof params.nonce === "string" ? params.nonce : "";
  const result = z.uuid().safeParse(attemptId).success && nonce ? await run(() => completeRedirect(attemptId, nonce)) : null;

  if (!result || !result.ok) {
    return (
      <MessagePage title="We could not finish connecting">
        <p>{result && !result.ok ? result.error.message : "This return link is not valid."} Go back to the app and try again.</p>
      </MessagePage>
    );
  }
  const { connector, status } = result.data;
  const succeeded = status === "SUCCEEDED";
  return (
    <MessagePage title={succeeded ? `${connector.name} is connected` : `${connector.name} was not connected`}>
      <p>{succeeded ? "You are all set." : "The authorization did not complete. You can try again."}</p>
      <ReturnToList attemptId={result.data.id} />
    </MessagePage>
  );
}
