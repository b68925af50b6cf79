// What the connect page shows while Cyclr is asked for the account's apps: the shape of the
// list to come, and words for screen readers. The page's shell is sent with it at once.
export function AppsSkeleton() {
  return (
    <div className="mt-6" data-testid="apps-skeleton">
      <p role="status" className="sr-only">
        Loading your apps…
      </p>
      <ul aria-hidden="true" className="space-y-3">
        {[0, 1, 2].map((row) => (
          <li key={row} className="flex items-center gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <span className="size-10 shrink-0 rounded-lg bg-slate-200 motion-safe:animate-pulse" />
            <span className="flex-1 space-y-2">
              <span className="block h-4 w-1/3 rounded bg-slate-200 motion-safe:animate-pulse" />
              <span className="block h-3 w-1/4 rounded bg-slate-100 motion-safe:animate-pulse" />
            </span>
            <span className="h-9 w-24 rounded-lg bg-slate-200 motion-safe:animate-pulse" />
          </li>
        ))}
      </ul>
    </div>
  );
}
