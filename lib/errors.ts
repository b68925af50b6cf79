// Switchboard's error classes share one rule: each is recognised by a brand (a registered
// symbol holding the class's name), not by instanceof, because Next bundles route, action
// and instrumentation code separately and a module may be loaded more than once.

const BRAND = Symbol.for("switchboard.error");

export abstract class BrandedError extends Error {
  /** The name every instance carries; set by each subclass. */
  static readonly brand: string;
  readonly [BRAND]: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const brand = (new.target as unknown as { brand: string }).brand;
    this[BRAND] = brand;
    this.name = brand;
  }

  /** `AppError.is(error)`: true for an error of that class, whichever copy of the module made it. */
  static is<T extends abstract new (...args: never[]) => BrandedError>(this: T & { brand: string }, error: unknown): error is InstanceType<T> {
    return typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === this.brand;
  }
}

export const errorCodes = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "expired",
  "conflict",
  "too_large",
  "upstream",
  "rate_limited",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type FieldErrors = Record<string, string[]>;

/** An expected failure of Switchboard's own (bad input, unknown id, no permission), with words for people. */
export class AppError extends BrandedError {
  static override readonly brand = "AppError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}
