"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type SyncResult = { ran: false; reason: string } | { ran: true; accounts: number; failed: { accountId: string; message: string }[]; error: string | null; durationMs: number };

export function SyncButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function sync() {
    setPending(true);
    setMessage(null);
    const response = await fetch("/api/admin/sync", { method: "POST" });
    const body = (await response.json()) as SyncResult & { error?: unknown };
    setPending(false);
    if (!response.ok) {
      setMessage({ tone: "error", text: (body.error as { message?: string } | undefined)?.message ?? `Sync failed (HTTP ${response.status}).` });
    } else if (!body.ran) {
      setMessage({ tone: "error", text: "A sync is already running. Try again when it has finished." });
    } else if (body.error || body.failed.length) {
      setMessage({ tone: "error", text: `Synced ${body.accounts} accounts; ${body.failed.length} failed. ${body.error ?? body.failed[0]?.message ?? ""}` });
    } else {
      setMessage({ tone: "ok", text: `Synced ${body.accounts} accounts in ${(body.durationMs / 1000).toFixed(1)} s.` });
    }
    router.refresh();
  }

  return (
    <div className="flex items-center gap-3">
      <button type="button" onClick={() => void sync()} disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? "Syncing with Cyclr…" : "Sync now"}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${message?.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
        {message?.text}
      </p>
    </div>
  );
}
