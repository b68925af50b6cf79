import { beforeAll, describe, expect, it } from "vitest";
import { startConnectAction, submitCredentialsAction } from "@/app/connect/actions";
import { listConnectors, syncAccountConnectors } from "@/lib/connect/connectors";
import { createConnectSession, requireSession } from "@/lib/connect/sessions";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/crypto";
import { resetEmulator, truncateAll } from "@/testing/db";

// The connect page's server actions answer a failure in the page's language (the `locale` the
// page passes), with Switchboard's words from the catalogue and Cyclr's own words untouched;
// without a locale, or with one we do not have, in English as before.

let token = "";
let apiKeyApp = "";

beforeAll(async () => {
  await truncateAll();
  await resetEmulator();
  ({ token } = await createConnectSession({ accountId: "acme-corp", userId: "u-i18n", locale: "de-AT" }, null));
  const session = await requireSession(token);
  await syncAccountConnectors(session.account);
  apiKeyApp = (await listConnectors(session.account.id)).find((connector) => connector.authType === "ApiKey")!.id;
});

describe("server actions in the page's language", () => {
  it("say a refused key in German, French and Spanish, and in English without a locale", async () => {
    const refused = async (locale?: string) => {
      const result = await submitCredentialsAction({
        token,
        ...(locale ? { locale } : {}),
        connectorId: apiKeyApp,
        credentials: { kind: "apiKey", apiKey: "invalid" },
      });
      return result.ok ? "connected" : `${result.error.code}: ${result.error.message}`;
    };
    expect(await refused("de")).toBe("bad_request: Mailchimp hat diese Zugangsdaten nicht akzeptiert. Prüfen Sie sie und versuchen Sie es erneut.");
    expect(await refused("fr-CA")).toBe("bad_request: Mailchimp n’a pas accepté ces identifiants. Vérifiez-les et réessayez.");
    expect(await refused("es")).toBe("bad_request: Mailchimp no ha aceptado estas credenciales. Revísalas y vuelve a intentarlo.");
    expect(await refused()).toBe("bad_request: Mailchimp did not accept these credentials. Check them and try again.");
    expect(await refused("xx")).toBe(await refused());
  });

  it("translates the form's field errors", async () => {
    const result = await submitCredentialsAction({ token, locale: "de", connectorId: apiKeyApp, credentials: { kind: "apiKey", apiKey: "   " } });
    expect(result).toEqual({
      ok: false,
      error: { code: "bad_request", message: "Bitte prüfen Sie die markierten Felder.", fields: { apiKey: ["Geben Sie den API-Schlüssel ein"] } },
    });
  });

  it("says an expired link in the page's language", async () => {
    const other = await createConnectSession({ accountId: "acme-corp", userId: "u-i18n-expired" }, null);
    await db().connectSession.update({ where: { tokenHash: hashToken(other.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const result = await startConnectAction({ token: other.token, locale: "es", connectorId: apiKeyApp, mode: "POPUP" });
    expect(result).toEqual({
      ok: false,
      error: { code: "expired", message: "Este enlace ha caducado. Vuelve a la aplicación y abre de nuevo la página de conexiones." },
    });
  });

  it("ignores a locale that is not a language tag, and one that is too long to be one", async () => {
    const invalid = await startConnectAction({ token: "not-a-token", locale: "<script>", connectorId: apiKeyApp, mode: "POPUP" });
    expect(invalid).toEqual({ ok: false, error: { code: "not_found", message: "This link is not valid." } });
    const long = await startConnectAction({ token, locale: "de-" + "a".repeat(40), connectorId: apiKeyApp, mode: "POPUP" });
    expect(long).toEqual({ ok: false, error: { code: "bad_request", message: "That request was not valid." } });
  });
});
