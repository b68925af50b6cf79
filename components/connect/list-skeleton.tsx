// What the connect page shows while a section loads (Cyclr asked for the account's apps,
// Podero for the user's devices): the shape of the list to come, and words for screen
// readers (`label`). The page's shell is sent with it at once.
export function ListSkeleton({ label, rows, testId }: { label: string; rows: number; testId: string }) {
  return (
    <div className="mt-6" data-testid={testId}>
      <p role="status" className="sr-only">
        {label}
      </p>
      <ul aria-hidden="true" className="space-y-3">
        {Array.from({ length: rows }, (_, row) => (
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
