"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

const field = "w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm";
const label = "block text-xs font-medium text-slate-600";

type Answer = { key?: string; name?: string; webhookSecret?: string | null; error?: { message: string } };

async function send(url: string, method: "POST" | "PATCH", body: object): Promise<{ ok: boolean; body: Answer }> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as Answer;
  return { ok: response.ok, body: answer };
}

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A value shown once (a new key or signing secret), selectable for copying. */
function ShownOnce({ title, value, label: name }: { title: string; value: string; label: string }) {
  return (
    <div role="status" className="mt-3 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
      <p>{title} Copy it now: it is not shown again.</p>
      <input readOnly value={value} aria-label={name} onFocus={(event) => event.currentTarget.select()} className="mt-2 w-full rounded-md border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" />
    </div>
  );
}

function OriginsAndWebhook({ origins = [], webhookUrl = "" }: { origins?: string[]; webhookUrl?: string | null }) {
  const id = useId();
  return (
    <>
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-origins`} className={label}>Origins allowed to embed (one per line)</label>
        <textarea id={`${id}-origins`} name="allowedOrigins" rows={2} defaultValue={origins.join("\n")} placeholder="https://app.example.com" className={`${field} font-mono`} />
      </div>
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-webhook`} className={label}>Webhook URL (optional)</label>
        <input id={`${id}-webhook`} name="webhookUrl" type="url" defaultValue={webhookUrl ?? ""} placeholder="https://api.example.com/switchboard/webhooks" className={`${field} font-mono`} />
      </div>
    </>
  );
}

export function CreateApiKeyForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ key: string; name: string; webhookSecret: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement) {
    setPending(true);
    setError(null);
    const data = new FormData(form);
    const { ok, body } = await send("/api/admin/api-keys", "POST", {
      name: String(data.get("name") ?? ""),
      allowedOrigins: lines(data.get("allowedOrigins")),
      webhookUrl: String(data.get("webhookUrl") ?? ""),
    });
    setPending(false);
    if (!ok || !body.key) return setError(body.error?.message ?? "Could not create the key.");
    form.reset();
    setCreated({ key: body.key, name: body.name ?? "", webhookSecret: body.webhookSecret ?? null });
    router.refresh();
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <form
        aria-label="Create an API key"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(event.currentTarget);
        }}
      >
        <div>
          <label htmlFor="key-name" className={label}>Name</label>
          <input id="key-name" name="name" required maxLength={64} placeholder="e.g. production" className={field} />
        </div>
        <OriginsAndWebhook />
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Creating…" : "Create API key"}
        </button>
      </form>
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
      {created && <ShownOnce title={`Key “${created.name}” created.`} value={created.key} label="New API key" />}
      {created?.webhookSecret && <ShownOnce title="Webhook signing secret for this key." value={created.webhookSecret} label="Webhook signing secret" />}
    </div>
  );
}

/** An admin's settings for one key: embedding origins and webhook (with a new secret on request). */
export function EditApiKey({ id, name, origins, webhookUrl }: { id: string; name: string; origins: string[]; webhookUrl: string | null }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement, rotateSecret: boolean) {
    setPending(true);
    setMessage(null);
    const data = new FormData(form);
    const { ok, body } = await send(`/api/admin/api-keys/${id}`, "PATCH", {
      allowedOrigins: lines(data.get("allowedOrigins")),
      webhookUrl: String(data.get("webhookUrl") ?? ""),
      rotateSecret,
    });
    setPending(false);
    if (!ok) return setMessage({ error: true, text: body.error?.message ?? "Could not save." });
    setSecret(body.webhookSecret ?? null);
    setMessage({ error: false, text: "Saved." });
    router.refresh();
  }

  async function sendTest() {
    setPending(true);
    setMessage(null);
    const { ok, body } = await send(`/api/admin/api-keys/${id}/test-webhook`, "POST", {});
    setPending(false);
    setMessage(ok ? { error: false, text: "Test event queued: see Webhooks for its delivery." } : { error: true, text: body.error?.message ?? "Could not queue a test event." });
  }

  return (
    <details className="relative text-left">
      <summary className="cursor-pointer whitespace-nowrap rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
        Settings<span className="sr-only"> for {name}</span>
      </summary>
      <form
        aria-label={`Settings for ${name}`}
        className="absolute right-0 z-10 mt-2 flex w-[28rem] max-w-[calc(100vw-2rem)] flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3 shadow-lg"
        onSubmit={(event) => {
          event.preventDefault();
          const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          void submit(event.currentTarget, submitter?.value === "rotate");
        }}
      >
        <OriginsAndWebhook origins={origins} webhookUrl={webhookUrl} />
        <div className="flex flex-wrap gap-2">
          <button type="submit" value="save" disabled={pending} className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
            {pending ? "Saving…" : "Save"}
          </button>
          {webhookUrl && (
            <>
              <button type="submit" value="rotate" disabled={pending} className="rounded-md px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60">
                New signing secret
              </button>
              <button type="button" disabled={pending} onClick={() => void sendTest()} className="rounded-md px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60">
                Send test event
              </button>
            </>
          )}
        </div>
        {message && <p role={message.error ? "alert" : "status"} className={`w-full text-sm ${message.error ? "text-red-700" : "text-emerald-800"}`}>{message.text}</p>}
        {secret && <div className="w-full"><ShownOnce title={`New webhook signing secret for “${name}”.`} value={secret} label="Webhook signing secret" /></div>}
      </form>
    </details>
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

export function RetryDeliveryButton({ id }: { id: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const { ok, body } = await send(`/api/admin/webhooks/${id}/retry`, "POST", {});
          setPending(false);
          if (!ok) setError(body.error?.message ?? "Could not retry.");
          router.refresh();
        }}
        className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Queuing…" : "Retry"}
      </button>
      {error && <span role="alert" className="ml-2 text-red-700">{error}</span>}
    </>
  );
}
