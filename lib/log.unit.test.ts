import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED, withRequestContext } from "./log";

/** A logger writing into memory, at debug level, with Switchboard's format and redaction. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: "debug", destination });
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), raw: () => lines.join("\n") };
}

const secrets = {
  token: "tok_8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e",
  access_token: "cyclr_access_4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c",
  refresh_token: "refresh_1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b",
  password: "correct horse battery staple",
  client_secret: "client_secret_0b2d4f6a8c0e2b4d6f8a0c2e",
  apiKey: "sk_live_3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f",
  AuthValue: "mailchimp-key-us21-9e8d7c6b5a4f3e2d",
  authorization: "Bearer sb_live_7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d",
  cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0",
  sessionToken: "cs_5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c",
  signInToken: "sit+/=abcdefghijklmnopqrstuvwxyz0123",
  secret: "whsec_2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d",
};

describe("the logger", () => {
  it("writes one JSON object a line with level, time and service", () => {
    const { logger, lines } = capture();
    logger.info({ route: "/api/health", status: 200 }, "request");
    expect(lines()[0]).toMatchObject({ level: "info", service: "switchboard", msg: "request", route: "/api/health", status: 200 });
    expect(typeof lines()[0]!.time).toBe("string");
  });

  it("redacts every credential field at the top level and nested one and two objects down", () => {
    const { logger, lines, raw } = capture();
    logger.info(secrets, "top level");
    logger.info({ request: { headers: secrets } }, "one down");
    logger.info({ call: { request: { ...secrets } } }, "two down");
    logger.warn(
      { err: { name: "Error", message: "x" }, upstream: { body: { access_token: secrets.access_token, refresh_token: secrets.refresh_token } } },
      "token answer",
    );
    for (const value of Object.values(secrets)) expect(raw()).not.toContain(value);
    const [top, one, two] = lines();
    for (const field of Object.keys(secrets)) {
      expect(top![field]).toBe(REDACTED);
      expect((one!.request as { headers: Record<string, unknown> }).headers[field]).toBe(REDACTED);
      expect((two!.call as { request: Record<string, unknown> }).request[field]).toBe(REDACTED);
    }
  });

  it("keeps what is not a credential", () => {
    const { logger, lines } = capture();
    logger.info({ method: "POST", route: "/api/v1/connect-sessions", status: 201, durationMs: 12.5, requestId: "r-1" }, "request");
    expect(lines()[0]).toMatchObject({ method: "POST", route: "/api/v1/connect-sessions", status: 201, durationMs: 12.5, requestId: "r-1" });
  });

  it("stamps every line logged while a request is served with its id", async () => {
    const { logger, lines } = capture();
    await withRequestContext({ requestId: "req-42" }, async () => {
      await Promise.resolve();
      logger.debug({ provider: "Cyclr" }, "provider call");
    });
    logger.info("outside");
    expect(lines()[0]).toMatchObject({ requestId: "req-42", provider: "Cyclr" });
    expect(lines()[1]!.requestId).toBeUndefined();
  });

  it("filters by level", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "warn",
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.info("dropped");
    logger.error("kept");
    expect(lines).toHaveLength(1);
  });
});
