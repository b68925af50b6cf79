// A full-page notice for links that cannot be used (unknown, expired) and similar dead ends.
export function MessagePage({ title, children, compact = false }: { title: string; children: React.ReactNode; compact?: boolean }) {
  return (
    <main className={compact ? "p-3" : "mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-16"}>
      <div className="rounded-sb-card border border-sb-line bg-sb-surface p-8 shadow-sm">
        <h1 className="text-xl font-semibold">{title}</h1>
        <div className="mt-3 text-sb-fg-muted">{children}</div>
      </div>
    </main>
  );
}
