"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyRow, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import type { DeviceRow } from "@/lib/devices/queries";
import { adminApi } from "./admin-api";
import { DeviceStatusBadge } from "./status-badge";

type Devices = { rows: DeviceRow[]; more: boolean };

const LIVE_MS = 3000;

const words = (code: string) => code.replace(/_/g, " ");

/** What Podero asks of the device's user (its actions, e.g. reauthenticate) and, when not connected, its own state and error. */
export function PoderoAsks({ device }: { device: Pick<DeviceRow, "status" | "actions" | "lifecycleState" | "lifecycleError"> }) {
  const lines = [
    device.actions.length ? `Podero asks: ${device.actions.map(words).join(", ")}` : null,
    device.status !== "CONNECTED" && device.lifecycleState ? `State at Podero: ${words(device.lifecycleState)}` : null,
    device.status !== "CONNECTED" ? device.lifecycleError : null,
  ].filter((line): line is string => Boolean(line));
  if (lines.length === 0) return null;
  return (
    <div className="mt-1 space-y-0.5 text-xs text-slate-600">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>
  );
}

const time = (iso: string | null) => (iso ? <LocalTime iso={iso} /> : "—");

// An account's Podero devices, live like the connector tables: the server renders them, then
// the table reads them again every few seconds, so a lapse the sync finds shows without a reload.
export function DeviceTable({ initial, accountId, cyclrAccountId }: { initial: Devices; accountId: string; cyclrAccountId: string }) {
  const { data } = useQuery({
    queryKey: ["admin-devices", accountId],
    queryFn: () => adminApi<Devices>(`/api/admin/devices?account=${accountId}`),
    initialData: initial,
    refetchInterval: LIVE_MS,
    gcTime: 0,
  });
  return (
    <div>
      <Table>
        <TableHead>
          <Th>Device</Th>
          <Th>User</Th>
          <Th>Status</Th>
          <Th>Connected</Th>
          <Th>Last attempt</Th>
        </TableHead>
        <TableBody>
          {data.rows.length === 0 && <EmptyRow colSpan={5}>No devices yet: none of this account&apos;s users has connected one through Podero.</EmptyRow>}
          {data.rows.map((device) => (
            <tr key={device.id} aria-label={`${device.name} of ${device.hostUserId}`}>
              <Td>
                <div className="font-medium">{device.name}</div>
                <div className="text-xs text-slate-500">{device.typeName}</div>
              </Td>
              <Td className="whitespace-nowrap">
                <div>{device.hostUserId}</div>
                <div className="text-xs text-slate-500">{device.email}</div>
              </Td>
              <Td>
                <DeviceStatusBadge status={device.status} />
                <PoderoAsks device={device} />
              </Td>
              <Td className="whitespace-nowrap text-slate-600">
                <div>{time(device.connectedAt)}</div>
                <div className="text-xs text-slate-500">Last checked {time(device.lastCheckedAt)}</div>
              </Td>
              <Td className="whitespace-nowrap text-slate-600">
                {device.lastAttempt ? (
                  <>
                    <div>{device.lastAttempt.status.toLowerCase()}</div>
                    <div className="text-xs text-slate-500">
                      <LocalTime iso={device.lastAttempt.startedAt} />
                    </div>
                  </>
                ) : (
                  "—"
                )}
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
      {data.more && (
        <p className="mt-3 text-sm text-slate-600">
          Showing the first {data.rows.length}.{" "}
          <Link href={`/admin/connectors?provider=podero&q=${encodeURIComponent(cyclrAccountId)}`} className="text-indigo-700 hover:underline">
            All of this account&apos;s devices
          </Link>
        </p>
      )}
    </div>
  );
}
