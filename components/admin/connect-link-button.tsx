"use client";

import { useState } from "react";

export function ConnectLinkButton({ accountId }: { accountId: string }) {
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function create() {
    setError(null);
    setCopied(false);
    const response = await fetch(`/api/admin/accounts/${accountId}/connect-links`, { method: "POST" });
    const body = (await response.json()) as { url?: string; error?: { message: string } };
    if (!response.ok || !body.url) setError(body.error?.message ?? "Could not create a link.");
    else setLink(body.url);
  }

  return (
    <div className="max-w-md text-sm">
      <button type="button" onClick={() => void create()} className="rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-500">
        Create connect link
      </button>
      {link && (
        <div className="mt-2 flex items-center gap-2">
          <input readOnly value={link} aria-label="Connect link" className="w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" />
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true), () => setError("Copy failed: select the link and copy it."))}
            className="rounded-md px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
      )}
      {error && <p role="alert" className="mt-2 text-red-700">{error}</p>}
    </div>
  );
}
