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

/** The link to a list's next page (keyset: the URL carries where it starts). */
export function NextPage({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <p className="mt-3 text-sm">
      <Link className="text-indigo-700 hover:underline" href={href}>
        {children}
      </Link>
    </p>
  );
}
