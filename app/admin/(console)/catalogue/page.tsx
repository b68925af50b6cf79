import type { Metadata } from "next";
import { CatalogueTable, RefreshCatalogueButton } from "@/components/admin/catalogue";
import { CatalogueFilters } from "@/components/admin/filters";
import { PageLinks, pageQuery } from "@/components/ui/table";
import { requireAdmin } from "@/lib/admin/guard";
import { catalogueCategories, catalogueFilters, listCatalogue } from "@/lib/catalogue";

export const metadata: Metadata = { title: "Catalogue" };

export default async function CataloguePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filters = catalogueFilters.parse(await searchParams);
  const [page, categories] = await Promise.all([listCatalogue(filters), catalogueCategories()]);
  const keep = Object.fromEntries(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "" && e[0] !== "after" && e[0] !== "before"),
  );
  const canAct = admin.role === "admin";
  const empty =
    Object.keys(keep).length || filters.after || filters.before
      ? "No connectors in the catalogue match."
      : `The catalogue is empty: ${canAct ? "Refresh from Cyclr reads it" : "an admin can read it from Cyclr"}.`;
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold">Catalogue</h1>
          <p className="text-sm text-slate-600">
            Cyclr&apos;s connectors, as last read from Cyclr. End users are offered the ones marked offered: they show on every connect page, and Connect
            installs them into the account first. Only released connectors can be offered.
          </p>
        </div>
        {canAct && <RefreshCatalogueButton />}
      </div>
      <CatalogueFilters q={filters.q} category={filters.category} offered={filters.offered} categories={categories} />
      <CatalogueTable rows={page.rows} canAct={canAct} empty={empty} />
      <PageLinks page={page} href={(cursor) => pageQuery(filters, cursor)} />
    </div>
  );
}
