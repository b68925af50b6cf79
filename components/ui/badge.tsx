// A status pill. Callers map their own statuses to a label and a tone.

const tones = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  danger: "bg-red-50 text-red-800 ring-red-600/20",
  warning: "bg-amber-50 text-amber-900 ring-amber-600/20",
} as const;

export type BadgeTone = keyof typeof tones;

export function Badge({ tone, children }: { tone: BadgeTone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}
