"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeliveryPage, DeliveryView } from "@/lib/webhooks/endpoints";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyRow, PageLinks, pageQuery, Table, TableBody, TableHead, Td, Th, ActionsTh } from "@/components/ui/table";
import { adminApi } from "./admin-api";
import { LocalTime } from "@/components/ui/local-time";

const LIVE_MS = 5000;
const queryKeyRoot = "admin-webhooks";

const statusText: Record<DeliveryView["status"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Retrying", tone: "warning" },
  DELIVERED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

const time = (iso: string | null) => (iso ? <LocalTime iso={iso} /> : "—");

function RetryDeliveryButton({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => adminApi(`/api/admin/webhooks/${id}/retry`, { method: "POST", body: {}, fallback: "Could not retry." }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [queryKeyRoot] }),
  });
  return (
    <>
      <Button size="row" disabled={retry.isPending} onClick={() => retry.mutate()}>
        {retry.isPending ? "Queuing…" : "Retry"}
      </Button>
      {retry.error && (
        <span role="alert" className="ml-2 text-red-700">
          {retry.error.message}
        </span>
      )}
    </>
  );
}

// The delivery log, live: the page renders the first page, then the same page is polled.
export function DeliveryTable({
  initial,
  status,
  cursor,
  canRetry,
}: {
  initial: DeliveryPage;
  status?: DeliveryView["status"];
  /** Where this page starts or ends (the URL's), when it is not the first. */
  cursor: { after?: string; before?: string };
  canRetry: boolean;
}) {
  const query = new URLSearchParams({
    ...(status ? { status } : {}),
    ...(cursor.after ? { after: cursor.after } : {}),
    ...(cursor.before ? { before: cursor.before } : {}),
  }).toString();
  const { data } = useQuery({
    queryKey: [queryKeyRoot, query],
    queryFn: () => adminApi<DeliveryPage>(`/api/admin/webhooks${query ? `?${query}` : ""}`),
    initialData: initial,
    refetchInterval: LIVE_MS,
    // Dropped when the table goes, so a later visit starts from the page's fresh first page.
    gcTime: 0,
  });
  return (
    <>
      <Table dense>
        <TableHead>
          {["Queued", "Event", "Key and URL", "Status", "Attempts", "Last answer", "Next attempt"].map((heading) => (
            <Th key={heading}>{heading}</Th>
          ))}
          {canRetry && <ActionsTh />}
        </TableHead>
        <TableBody>
          {data.rows.length === 0 && <EmptyRow colSpan={8}>No deliveries{status ? " with this status" : " yet: set a webhook URL on an API key"}.</EmptyRow>}
          {data.rows.map((row) => (
            <tr key={row.id}>
              <Td className="whitespace-nowrap text-slate-600">{time(row.createdAt)}</Td>
              <Td>
                <div className="font-medium">{row.eventType}</div>
                <div className="font-mono text-xs text-slate-500">{row.eventId}</div>
              </Td>
              <Td className="max-w-64">
                <div>{row.keyName}</div>
                <div className="break-all font-mono text-xs text-slate-500">{row.url ?? "webhook removed"}</div>
              </Td>
              <Td>
                <Badge tone={statusText[row.status].tone}>{statusText[row.status].label}</Badge>
              </Td>
              <Td className="tabular-nums">{row.attempts}</Td>
              <Td className="max-w-64 text-slate-700">
                {row.lastError ?? (row.lastStatusCode ? `HTTP ${row.lastStatusCode}` : "—")}
                {row.lastAttemptAt && <div className="text-xs text-slate-500">{time(row.lastAttemptAt)}</div>}
              </Td>
              <Td className="whitespace-nowrap text-slate-600">{time(row.nextAttemptAt)}</Td>
              {canRetry && <Td className="text-right">{row.status === "FAILED" && <RetryDeliveryButton id={row.id} />}</Td>}
            </tr>
          ))}
        </TableBody>
      </Table>
      <PageLinks page={data} href={(at) => pageQuery({ status }, at)} labels={["← Newer deliveries", "Older deliveries →"]} />
    </>
  );
}
