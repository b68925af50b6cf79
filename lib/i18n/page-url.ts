// Pages are not told their own URL; proxy.ts passes it on in this request header so that the
// page's language can be chosen from its path and `?locale=` (page-locale.ts). Always set by
// the proxy for a page, so a client's own value never reaches one.
export const PAGE_URL_HEADER = "x-switchboard-page";
