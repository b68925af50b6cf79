"use client";

import { useSyncExternalStore } from "react";

// A moment shown in the reader's own time zone. The server cannot know that zone, so it
// renders the time in UTC (saying so); the browser swaps in its own zone right after
// hydration. useSyncExternalStore's server snapshot is what makes that swap legitimate for
// React: no hydration mismatch, no warning.

const noSubscription = () => () => {};

const formats = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeStyle = keyof typeof formats;

/** The time as text: in `timeZone` (the browser's when undefined), e.g. "1 Dec 2026, 19:42". */
export function formatTime(iso: string, style: TimeStyle = "dateTime", timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(undefined, { ...formats[style], timeZone }).format(date);
}

export function LocalTime({ iso, style = "dateTime", className }: { iso: string; style?: TimeStyle; className?: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatTime(iso, style),
    () => `${formatTime(iso, style, "UTC")} UTC`,
  );
  return (
    <time dateTime={iso} className={className} title={iso}>
      {text}
    </time>
  );
}
