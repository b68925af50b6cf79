import Link from "next/link";
import type { ComponentProps } from "react";

// The console's data tables. `dense` narrows the cells for tables with many columns.

export function Table({ dense = false, children }: { dense?: boolean; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`min-w-full divide-y divide-slate-200 text-sm${dense ? " [&_td]:px-3 [&_th]:px-3" : ""}`}>{children}</table>
    </div>
  );
}

/** The header row; its children are `Th`s. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="bg-slate-50 text-left text-slate-600">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={`px-4 py-2 font-medium${className ? ` ${className}` : ""}`} {...props} />;
}

/** The header cell over a column of row actions (named for screen readers only). */
export function ActionsTh() {
  return (
    <Th>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

export function TableBody({ children }: { children: React.ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={`px-4 py-2${className ? ` ${className}` : ""}`} {...props} />;
}

/** The one row shown when there are none to show. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-6 text-center text-slate-500">
        {children}
      </td>
    </tr>
  );
}

/**
 * Links to a keyset-paged list's previous and next pages: `href` makes the address of the
 * page after (`{ after }`) or before (`{ before }`) the current one.
 */
export function PageLinks({
  page,
  href,
  labels = ["← Previous page", "Next page →"],
}: {
  page: { previous: string | null; next: string | null };
  href: (cursor: { after: string } | { before: string }) => string;
  labels?: [previous: string, next: string];
}) {
  if (!page.previous && !page.next) return null;
  const link = "text-indigo-700 hover:underline";
  return (
    <nav aria-label="Pages" className="mt-3 flex gap-6 text-sm">
      {page.previous && (
        <Link className={link} href={href({ before: page.previous })}>
          {labels[0]}
        </Link>
      )}
      {page.next && (
        <Link className={link} href={href({ after: page.next })}>
          {labels[1]}
        </Link>
      )}
    </nav>
  );
}

/** A list's query string without its page cursors, plus `cursor`. */
export function pageQuery(filters: Record<string, unknown>, cursor: { after: string } | { before: string }): string {
  const kept = Object.entries(filters).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "" && entry[0] !== "after" && entry[0] !== "before",
  );
  return `?${new URLSearchParams({ ...Object.fromEntries(kept), ...cursor })}`;
}
