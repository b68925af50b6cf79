import { refreshCatalogueBy } from "@/lib/catalogue";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

/** Reads Cyclr's connector catalogue anew: how many it lists, and how many it no longer does. */
export const POST = adminRoute({ role: "admin" }, ({ actor }) => refreshCatalogueBy(actor));
