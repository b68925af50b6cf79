// A status pill. Callers map their own statuses to a label and a tone (theme tokens: app/globals.css).

const tones = {
  success: "bg-sb-ok-bg text-sb-ok-fg ring-sb-ok-ring",
  neutral: "bg-sb-neutral-bg text-sb-neutral-fg ring-sb-neutral-ring",
  danger: "bg-sb-bad-bg text-sb-bad-fg ring-sb-bad-ring",
  warning: "bg-sb-warn-bg text-sb-warn-fg ring-sb-warn-ring",
} as const;

export type BadgeTone = keyof typeof tones;

export function Badge({ tone, children }: { tone: BadgeTone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}
