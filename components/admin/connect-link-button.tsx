"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { adminApi } from "./admin-api";

export function ConnectLinkButton({ accountId }: { accountId: string }) {
  const [link, setLink] = useState<string | null>(null);
  const [copyError, setCopyError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: async () => {
      const body = await adminApi<{ url?: string }>(`/api/admin/accounts/${accountId}/connect-links`, { method: "POST", fallback: "Could not create a link." });
      if (!body.url) throw new Error("Could not create a link.");
      return body.url;
    },
    onMutate: () => {
      setCopyError(null);
      setCopied(false);
    },
    onSuccess: setLink,
  });
  const error = create.error?.message ?? copyError;

  return (
    <div className="max-w-md text-sm">
      <Button variant="primary" onClick={() => create.mutate()}>
        Create connect link
      </Button>
      {link && (
        <div className="mt-2 flex items-center gap-2">
          <input readOnly value={link} aria-label="Connect link" className="w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" />
          <Button
            size="row"
            onClick={() =>
              void navigator.clipboard.writeText(link).then(
                () => setCopied(true),
                () => setCopyError("Copy failed: select the link and copy it."),
              )
            }
          >
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
