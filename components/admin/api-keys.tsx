"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export function CreateApiKeyForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement) {
    setPending(true);
    setError(null);
    const response = await fetch("/api/admin/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: String(new FormData(form).get("name") ?? "") }),
    });
    const body = (await response.json()) as { key?: string; name?: string; error?: { message: string } };
    setPending(false);
    if (!response.ok || !body.key) return setError(body.error?.message ?? "Could not create the key.");
    form.reset();
    setCreated({ key: body.key, name: body.name ?? "" });
    router.refresh();
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(event.currentTarget);
        }}
      >
        <div>
          <label htmlFor="key-name" className="block text-xs font-medium text-slate-600">Name</label>
          <input id="key-name" name="name" required maxLength={64} placeholder="e.g. production" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        </div>
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Creating…" : "Create API key"}
        </button>
      </form>
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
      {created && (
        <div role="status" className="mt-3 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          <p>Key “{created.name}” created. Copy it now: it is not shown again.</p>
          <input readOnly value={created.key} aria-label="New API key" className="mt-2 w-full rounded-md border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" />
        </div>
      )}
    </div>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        if (!window.confirm(`Revoke the key “${name}”? Requests that use it will be refused at once.`)) return;
        setPending(true);
        await fetch(`/api/admin/api-keys/${id}/revoke`, { method: "POST" });
        setPending(false);
        router.refresh();
      }}
      className="rounded-md px-2 py-1 text-red-700 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-60"
    >
      Revoke<span className="sr-only"> {name}</span>
    </button>
  );
}
