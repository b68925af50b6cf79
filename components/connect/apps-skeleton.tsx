import { useTranslations } from "next-intl";

// What the connect page shows while Cyclr is asked for the account's apps: the shape of the
// list to come, and words for screen readers. The page's shell is sent with it at once.
export function AppsSkeleton() {
  const t = useTranslations("ConnectPage");
  return (
    <div className="mt-6" data-testid="apps-skeleton">
      <p role="status" className="sr-only">
        {t("loadingApps")}
      </p>
      <ul aria-hidden="true" className="space-y-3">
        {[0, 1, 2].map((row) => (
          <li key={row} className="flex items-center gap-4 rounded-sb-card border border-sb-line bg-sb-surface p-4 shadow-sm">
            <span className="size-10 shrink-0 rounded-sb bg-sb-placeholder motion-safe:animate-pulse" />
            <span className="flex-1 space-y-2">
              <span className="block h-4 w-1/3 rounded bg-sb-placeholder motion-safe:animate-pulse" />
              <span className="block h-3 w-1/4 rounded bg-sb-fill motion-safe:animate-pulse" />
            </span>
            <span className="h-9 w-24 rounded-sb bg-sb-placeholder motion-safe:animate-pulse" />
          </li>
        ))}
      </ul>
    </div>
  );
}
