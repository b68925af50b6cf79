"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { submitCredentialsAction } from "@/app/connect/actions";
import { Button } from "@/components/ui/button";
import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";

type Props = { connector: ConnectorView; onDone: (connector: ConnectorView) => void; onCancel: () => void };

// ApiKey and Basic connectors: the value goes to Cyclr and is never kept here, not even in state after submit.
export function CredentialsForm({ connector, onDone, onCancel }: Props) {
  const { token } = useConnectSession();
  const t = useTranslations("Connect.form");
  const locale = useLocale();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const basic = connector.authType === "Basic";

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const credentials = basic
      ? { kind: "basic" as const, username: String(data.get("username") ?? ""), password: String(data.get("password") ?? "") }
      : { kind: "apiKey" as const, apiKey: String(data.get("apiKey") ?? "") };
    setPending(true);
    setError(null);
    const result = await submitCredentialsAction({ token, locale, connectorId: connector.id, credentials });
    setPending(false);
    if (result.ok) {
      form.reset();
      onDone(result.data);
    } else {
      setError(result.error.message);
      setFieldErrors(result.error.fields ?? {});
    }
  }

  const field = (name: string, label: string, type: string, autoComplete: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-sb-fg-2">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `${id}-${name}-error` : undefined}
        className="mt-1 block w-full rounded-sb border border-sb-line-strong bg-sb-surface px-3 py-2 text-sm text-sb-fg shadow-sm focus:border-sb-focus focus:ring-1 focus:ring-sb-focus focus:outline-none"
      />
      {fieldErrors[name] && (
        <p id={`${id}-${name}-error`} className="mt-1 text-sm text-sb-danger">
          {fieldErrors[name].join(" ")}
        </p>
      )}
    </div>
  );

  return (
    <form
      className="mt-4 space-y-3 border-t border-sb-line-faint pt-4"
      aria-label={t("label", { name: connector.name })}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      {basic ? (
        <>
          {field("username", t("username"), "text", "username")}
          {field("password", t("password"), "password", "current-password")}
        </>
      ) : (
        field("apiKey", t("apiKey"), "password", "off")
      )}
      {error && (
        <p role="alert" className="text-sm text-sb-danger">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
