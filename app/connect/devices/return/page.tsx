import type { Metadata } from "next";
import { z } from "zod";
import { MessagePage } from "@/components/connect/message-page";
import { ReturnToList } from "@/components/connect/return-to-list";
import { completeDeviceReturn } from "@/lib/devices/attempts";
import { run } from "@/lib/result";
import { TellOpener } from "./tell-opener";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Finishing up" };

// Where Podero's page sends the browser back (success_url or cancel_url, with the attempt,
// its nonce and the outcome). The outcome is only a hint: Podero is asked whether the device
// is connected (object_id, is_authenticated). In the popup the page that opened it is told
// and this window closes; in the tab it goes back to the list it came from.
export default async function DeviceReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const attemptId = typeof params.attempt === "string" ? params.attempt : "";
  const nonce = typeof params.nonce === "string" ? params.nonce : "";
  const outcome = params.outcome === "success" || params.outcome === "cancel" ? params.outcome : null;
  const result = z.uuid().safeParse(attemptId).success && nonce && outcome ? await run(() => completeDeviceReturn(attemptId, nonce, outcome)) : null;

  if (!result || !result.ok) {
    return (
      <MessagePage title="We could not finish connecting the device">
        <p>{result && !result.ok ? result.error.message : "This return link is not valid."} Go back to the app and try again.</p>
      </MessagePage>
    );
  }
  const { status, device, error } = result.data;
  const name = device ? [device.manufacturer, device.model].filter(Boolean).join(" ") : "The device";
  const title =
    status === "SUCCEEDED"
      ? `${name} is connected`
      : status === "CANCELLED"
        ? "No device was connected"
        : status === "EXPIRED"
          ? "This device link has expired"
          : status === "PENDING"
            ? "Podero is still finishing"
            : "The device was not connected";
  const words =
    status === "SUCCEEDED"
      ? "You are all set."
      : status === "CANCELLED"
        ? "You cancelled on Podero's page. You can try again."
        : status === "PENDING"
          ? "The list will show the device once Podero confirms it."
          : `${error ?? "Podero did not confirm the device."} You can try again.`;
  return (
    <MessagePage title={title}>
      <p>{words}</p>
      <TellOpener attemptId={result.data.id} status={status} fallback={<ReturnToList attemptId={result.data.id} />} />
    </MessagePage>
  );
}
