import { CyclrError } from "@/lib/cyclr/errors";
import { PoderoError } from "@/lib/podero/errors";
import { AppError, fail, ok, type Result } from "@/lib/result";

// Runs a domain operation and turns expected failures into values. Anything else is a bug:
// it is logged (without its arguments, which may hold tokens) and shown as a generic error.
export async function run<T>(operation: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await operation());
  } catch (error) {
    if (AppError.is(error)) return fail(error.code, error.message, error.fields);
    if (CyclrError.is(error)) {
      if (error.code === "not_found") return fail("not_found", error.message);
      return fail("upstream", error.message);
    }
    if (PoderoError.is(error)) return fail(error.code === "not_found" ? "not_found" : "upstream", error.message);
    console.error("Unexpected error:", error instanceof Error ? error.stack ?? error.message : "unknown");
    return fail("internal", "Something went wrong on our side. Please try again.");
  }
}
