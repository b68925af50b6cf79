"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

// The console's sections, the one being read marked (for the eye and for screen readers,
// aria-current="page"): the section whose path the address is, or starts with (an account's
// page is under Accounts).

const sections = [
  ["/admin", "Overview"],
  ["/admin/accounts", "Accounts"],
  ["/admin/connectors", "Connectors"],
  ["/admin/catalogue", "Catalogue"],
  ["/admin/events", "Audit trail"],
  ["/admin/api-keys", "API keys"],
  ["/admin/webhooks", "Webhooks"],
] as const;

export function currentSection(pathname: string): string | null {
  const matches = sections.filter(([href]) => pathname === href || (href !== "/admin" && pathname.startsWith(`${href}/`)));
  return matches.at(-1)?.[0] ?? null;
}

export function ConsoleNav() {
  const current = currentSection(usePathname());
  return (
    <>
      {sections.map(([href, name]) => (
        <Link
          key={href}
          href={href}
          aria-current={href === current ? "page" : undefined}
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-800"
        >
          {name}
        </Link>
      ))}
    </>
  );
}
