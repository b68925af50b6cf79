"use client";

import { AlertDialog as Alert, Dialog as Modal } from "radix-ui";
import { Button } from "./button";

// Modal panels on Radix (focus kept inside, Escape closes, focus back on the trigger after).
// `trigger` is the button that opens the panel; pass `open`/`onOpenChange` to control it.

const overlay = "fixed inset-0 z-40 bg-sb-overlay";
const panel =
  "fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-sb-line bg-sb-surface p-4 text-left text-sm shadow-lg focus:outline-none";

type Control = { open?: boolean; onOpenChange?: (open: boolean) => void };

export function Dialog({ trigger, title, children, open, onOpenChange }: Control & { trigger: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Trigger asChild>{trigger}</Modal.Trigger>
      <Modal.Portal>
        <Modal.Overlay className={overlay} />
        <Modal.Content className={panel}>
          <div className="mb-3 flex items-start justify-between gap-3">
            <Modal.Title className="text-base font-semibold text-sb-fg">{title}</Modal.Title>
            <Modal.Close asChild>
              <Button variant="ghost" size="row">
                Close
              </Button>
            </Modal.Close>
          </div>
          {children}
        </Modal.Content>
      </Modal.Portal>
    </Modal.Root>
  );
}

/** Asks before doing something that cannot be undone; stays open (showing `error`) until the caller closes it. */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  pending = false,
  error,
  onConfirm,
  open,
  onOpenChange,
}: Control & {
  trigger: React.ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
}) {
  return (
    <Alert.Root open={open} onOpenChange={onOpenChange}>
      <Alert.Trigger asChild>{trigger}</Alert.Trigger>
      <Alert.Portal>
        <Alert.Overlay className={overlay} />
        <Alert.Content className={panel}>
          <Alert.Title className="text-base font-semibold text-sb-fg">{title}</Alert.Title>
          <Alert.Description className="mt-2 text-sb-fg-muted">{description}</Alert.Description>
          {error && (
            <p role="alert" className="mt-3 text-sb-danger">
              {error}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <Alert.Cancel asChild>
              <Button size="sm">Cancel</Button>
            </Alert.Cancel>
            {/* Not Alert.Action, which would close the dialog before the outcome is known. */}
            <Button variant="danger" size="sm" disabled={pending} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </Alert.Content>
      </Alert.Portal>
    </Alert.Root>
  );
}
