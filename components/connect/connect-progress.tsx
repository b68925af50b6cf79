"use client";

import { useLocale, useTranslations } from "next-intl";
import { Button, buttonClass } from "@/components/ui/button";
import { useConnectSession } from "./connect-session";
import type { OAuthPhase } from "./use-oauth-connect";

/** The words that differ between an app (Cyclr's sign-in) and a device (Podero's page). */
export type ProgressWords = { opening: string; confirming: string; closed: string; redirecting: string; watching: string; waiting: string };

type Props = {
  phase: OAuthPhase;
  words: ProgressWords;
  onFocusPopup: () => void;
  /** The popup was blocked on the page of its own: the same tab goes instead. */
  onContinueHere: () => void;
  /** After "Open in a new tab" (embedded): the card watches for the outcome until told to stop. */
  watching: boolean;
  onWatching: (watching: boolean) => void;
};

// Where a card says how its popup connection is going: opening, waiting (with a way to bring
// the popup back), confirming, closed; and, when the browser blocked the popup, the way on:
// this tab on the page of its own, a new tab in a frame (third-party pages refuse to be framed).
export function ConnectProgress({ phase, words, onFocusPopup, onContinueHere, watching, onWatching }: Props) {
  const { token, embedded } = useConnectSession();
  const t = useTranslations("Connect");
  const locale = useLocale();
  return (
    <>
      <div role="status" aria-live="polite" className="text-sm">
        {phase.kind === "starting" && <p className="mt-3 text-sb-fg-muted">{words.opening}</p>}
        {phase.kind === "waiting" && (
          <p className="mt-3 text-sb-fg-muted">
            {words.waiting}{" "}
            <button type="button" onClick={onFocusPopup} className="font-medium text-sb-link underline">
              {t("showPopup")}
            </button>
          </p>
        )}
        {phase.kind === "confirming" && <p className="mt-3 text-sb-fg-muted">{words.confirming}</p>}
        {phase.kind === "closed" && <p className="mt-3 text-sb-fg-muted">{words.closed}</p>}
        {phase.kind === "redirecting" && <p className="mt-3 text-sb-fg-muted">{words.redirecting}</p>}
        {phase.kind === "idle" && phase.note && <p className="mt-3 text-sb-fg-muted">{phase.note}</p>}
      </div>
      {watching && (
        <p role="status" className="mt-3 text-sm text-sb-fg-muted">
          {words.watching}{" "}
          <button type="button" onClick={() => onWatching(false)} className="font-medium text-sb-link underline">
            {t("stopWaiting")}
          </button>
        </p>
      )}
      {phase.kind === "blocked" && !watching && (
        <div role="alert" className="mt-3 rounded-sb-card border border-sb-warn-line bg-sb-warn-bg p-3 text-sm text-sb-warn-fg">
          {embedded ? (
            <>
              {/* Third-party sign-in pages refuse to be framed, so the redirect flow cannot run in here. */}
              <p>{t("blockedEmbedded")}</p>
              <a
                href={`/connect/${token}?${new URLSearchParams({ locale })}`}
                target="_blank"
                rel="noopener noreferrer"
                onClick={() => onWatching(true)}
                className={buttonClass({ className: "mt-2 inline-block" })}
              >
                {t("openInNewTab")}
              </a>
            </>
          ) : (
            <>
              <p>{t("blocked")}</p>
              <Button onClick={onContinueHere} className="mt-2">
                {t("continueHere")}
              </Button>
            </>
          )}
        </div>
      )}
    </>
  );
}
