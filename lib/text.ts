import { z } from "zod";

// PostgreSQL's text cannot hold U+0000: a query or row with one fails. Text from clients that
// is searched for is checked here first.

/** A free-text filter (a search box, a select): one that cannot be searched for is ignored, like any other bad value. */
export function filterText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes("\u0000"))
    .optional()
    .catch(undefined);
}
