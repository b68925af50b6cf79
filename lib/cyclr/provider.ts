import { sanitizeMessage, type Provider } from "@/lib/providers/errors";
import { messageError } from "./schemas";

/** How Cyclr answers (ASP.NET Web API): `{"Message": "…"}` bodies, 403 for one forbidden thing. */
export const CYCLR: Provider = {
  name: "Cyclr",
  badRequest: [400],
  unauthorized: [401],
  forbidden: [403],
  said(body) {
    const parsed = messageError.safeParse(body);
    return parsed.success && parsed.data.Message ? sanitizeMessage(parsed.data.Message) : null;
  },
};
