"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

// "Connected on 1 December 2026", in the page's language and the reader's own time zone. The
// server cannot know that zone, so it renders the date in UTC; the browser swaps in its own
// right after hydration (useSyncExternalStore's server snapshot: no mismatch warning).
export function ConnectedOn({ iso }: { iso: string }) {
  const t = useTranslations("Connect");
  const format = useFormatter();
  const date = new Date(iso);
  const text = useSyncExternalStore(
    noSubscription,
    () => format.dateTime(date, { dateStyle: "long", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    () => format.dateTime(date, { dateStyle: "long", timeZone: "UTC" }),
  );
  if (Number.isNaN(date.getTime())) return null;
  return <p className="mt-0.5 text-sm text-sb-fg-subtle">{t("connectedOn", { date: text })}</p>;
}
