"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { adminApi } from "./admin-api";

const field = "w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm";
const label = "block text-xs font-medium text-slate-600";

type Created = { key: string; name: string; webhookSecret: string | null };

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
      <input
        readOnly
        value={value}
        aria-label={name}
        onFocus={(event) => event.currentTarget.select()}
        className="mt-2 w-full rounded-md border border-emerald-300 bg-white px-2 py-1 font-mono text-xs"
      />
    </div>
  );
}

function OriginsAndWebhook({ origins = [], webhookUrl = "" }: { origins?: string[]; webhookUrl?: string | null }) {
  const id = useId();
  return (
    <>
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-origins`} className={label}>
          Origins allowed to embed (one per line)
        </label>
        <textarea
          id={`${id}-origins`}
          name="allowedOrigins"
          rows={2}
          defaultValue={origins.join("\n")}
          placeholder="https://app.example.com"
          className={`${field} font-mono`}
        />
      </div>
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-webhook`} className={label}>
          Webhook URL (optional)
        </label>
        <input
          id={`${id}-webhook`}
          name="webhookUrl"
          type="url"
          defaultValue={webhookUrl ?? ""}
          placeholder="https://api.example.com/switchboard/webhooks"
          className={`${field} font-mono`}
        />
      </div>
    </>
  );
}

export function CreateApiKeyForm() {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation({
    mutationFn: async ({ data }: { form: HTMLFormElement; data: FormData }) => {
      const body = await adminApi<Partial<Created>>("/api/admin/api-keys", {
        method: "POST",
        body: { name: String(data.get("name") ?? ""), allowedOrigins: lines(data.get("allowedOrigins")), webhookUrl: String(data.get("webhookUrl") ?? "") },
        fallback: "Could not create the key.",
      });
      if (!body.key) throw new Error("Could not create the key.");
      return { key: body.key, name: body.name ?? "", webhookSecret: body.webhookSecret ?? null };
    },
    onSuccess: (key, { form }) => {
      form.reset();
      setCreated(key);
      router.refresh();
    },
  });

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <form
        aria-label="Create an API key"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ form: event.currentTarget, data: new FormData(event.currentTarget) });
        }}
      >
        <div>
          <label htmlFor="key-name" className={label}>
            Name
          </label>
          <input id="key-name" name="name" required maxLength={64} placeholder="e.g. production" className={field} />
        </div>
        <OriginsAndWebhook />
        <Button type="submit" variant="primary" size="sm" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create API key"}
        </Button>
      </form>
      {create.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      {created && <ShownOnce title={`Key “${created.name}” created.`} value={created.key} label="New API key" />}
      {created?.webhookSecret && <ShownOnce title="Webhook signing secret for this key." value={created.webhookSecret} label="Webhook signing secret" />}
    </div>
  );
}

/** An admin's settings for one key, in a dialog: embedding origins and webhook (with a new secret on request). */
export function EditApiKey({ id, name, origins, webhookUrl }: { id: string; name: string; origins: string[]; webhookUrl: string | null }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const save = useMutation({
    mutationFn: ({ data, rotateSecret }: { data: FormData; rotateSecret: boolean }) =>
      adminApi<{ webhookSecret?: string | null }>(`/api/admin/api-keys/${id}`, {
        method: "PATCH",
        body: { allowedOrigins: lines(data.get("allowedOrigins")), webhookUrl: String(data.get("webhookUrl") ?? ""), rotateSecret },
        fallback: "Could not save.",
      }),
    onMutate: () => setMessage(null),
    onSuccess: (body) => {
      setSecret(body.webhookSecret ?? null);
      setMessage({ error: false, text: "Saved." });
      router.refresh();
    },
    onError: (error) => setMessage({ error: true, text: error.message }),
  });
  const test = useMutation({
    mutationFn: () => adminApi(`/api/admin/api-keys/${id}/test-webhook`, { method: "POST", body: {}, fallback: "Could not queue a test event." }),
    onMutate: () => setMessage(null),
    onSuccess: () => setMessage({ error: false, text: "Test event queued: see Webhooks for its delivery." }),
    onError: (error) => setMessage({ error: true, text: error.message }),
  });
  const pending = save.isPending || test.isPending;

  return (
    <Dialog
      title={`Settings for “${name}”`}
      trigger={
        <Button size="row" className="whitespace-nowrap">
          Settings<span className="sr-only"> for {name}</span>
        </Button>
      }
    >
      <form
        aria-label={`Settings for ${name}`}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const submitter = event.nativeEvent.submitter as HTMLButtonElement | null;
          save.mutate({ data: new FormData(event.currentTarget), rotateSecret: submitter?.value === "rotate" });
        }}
      >
        <OriginsAndWebhook origins={origins} webhookUrl={webhookUrl} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" value="save" variant="dark" size="sm" disabled={pending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
          {webhookUrl && (
            <>
              <Button type="submit" value="rotate" size="sm" disabled={pending}>
                New signing secret
              </Button>
              <Button size="sm" disabled={pending} onClick={() => test.mutate()}>
                Send test event
              </Button>
            </>
          )}
        </div>
        {message && (
          <p role={message.error ? "alert" : "status"} className={`w-full text-sm ${message.error ? "text-red-700" : "text-emerald-800"}`}>
            {message.text}
          </p>
        )}
        {secret && (
          <div className="w-full">
            <ShownOnce
              title={`New webhook signing secret for “${name}”. If the key had one before, deliveries are signed with that one too for the next 24 hours, so your receiver can switch over.`}
              value={secret}
              label="Webhook signing secret"
            />
          </div>
        )}
      </form>
    </Dialog>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: () => adminApi(`/api/admin/api-keys/${id}/revoke`, { method: "POST", fallback: "Could not revoke the key." }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) revoke.reset();
      }}
      trigger={
        <Button variant="danger" size="row" disabled={revoke.isPending}>
          Revoke<span className="sr-only"> {name}</span>
        </Button>
      }
      title={`Revoke the key “${name}”?`}
      description="Requests that use it will be refused at once."
      confirmLabel={revoke.isPending ? "Revoking…" : "Revoke key"}
      pending={revoke.isPending}
      error={revoke.error?.message}
      onConfirm={() => revoke.mutate()}
    />
  );
}
