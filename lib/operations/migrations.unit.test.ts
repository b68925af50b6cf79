import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "@/lib/generated/migrations";
import { readMigrations } from "@/tooling/db/migrate";

describe("the migrations the build expects", () => {
  it("are exactly prisma/migrations, in order (rerun postinstall after adding one)", () => {
    expect(MIGRATIONS).toEqual(readMigrations().map((migration) => migration.name));
  });
});
