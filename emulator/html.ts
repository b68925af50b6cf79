// Text placed into the emulators' HTML pages (names, emails, form values) is escaped;
// values reaching a script are JSON-encoded so they cannot close the script element.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A JS string literal safe inside <script>: no "</script>", no line separators. */
export function scriptString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
