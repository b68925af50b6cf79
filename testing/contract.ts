import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// Checks what the host API answered against its OpenAPI document (the one it serves), with
// a JSON Schema 2020-12 validator: a status the document does not list for that route, or a
// body that does not match, fails with the validator's words. Used by the integration tests
// (on the document built in-process) and the e2e tests (on /api/v1/openapi.json).

type Document = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

export function contractChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, "openapi");

  return function check(method: string, path: string, status: number, body: unknown): void {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${path} is not in the contract`);
    const response = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
    if (!response)
      throw new Error(`${method} ${path} answered ${status}, which the contract does not list (it lists ${Object.keys(operation.responses).join(", ")})`);
    if (!response.content) return;
    const validate = ajv.getSchema(
      `openapi#/${pointer("paths", path, method.toLowerCase(), "responses", String(status), "content", "application/json", "schema")}`,
    );
    if (!validate) throw new Error(`No schema for ${method} ${path} ${status}`);
    if (!validate(body))
      throw new Error(`${method} ${path} ${status} does not match the contract: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  };
}

/** Checks a webhook payload against the document's WebhookEvent schema. */
export function webhookChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, "openapi");
  const validate = ajv.getSchema("openapi#/components/schemas/WebhookEvent");
  if (!validate) throw new Error("The contract has no WebhookEvent");
  return (body: unknown) => {
    if (!validate(body)) throw new Error(`The webhook payload does not match the contract: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  };
}
