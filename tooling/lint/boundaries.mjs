import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

// Switchboard's import boundaries, as two ESLint rules that see through both spellings of a
// path into the project (`@/lib/db` and `../../lib/db`):
// - import-boundary: a file may not import from the named top-level folders;
// - client-boundary: a client component ("use client" as its first statement) may import only
//   types from lib/: a value import would pull server code (the database, secrets) into the
//   browser bundle. Server actions (app/**/actions) are the way in.
// The project root comes from `settings.boundaries.root` (default: ESLint's cwd).

/** The import's target as a path from the project root ("lib/db"), or null for a package. */
function projectPath(context, specifier) {
  const root = context.settings.boundaries?.root ?? context.cwd;
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (specifier !== "." && specifier !== ".." && !specifier.startsWith("./") && !specifier.startsWith("../")) return null;
  const target = relative(root, resolve(dirname(context.filename), specifier));
  if (target === ".." || target.startsWith(`..${sep}`) || isAbsolute(target)) return null;
  return target.split(sep).join("/");
}

const inFolder = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** Calls `check(node, specifier, typeOnly)` for every import and re-export with a literal source. */
function eachImport(check) {
  const literal = (source) => (source?.type === "Literal" && typeof source.value === "string" ? source.value : null);
  const visit = (node, typeOnly) => {
    const specifier = literal(node.source);
    if (specifier !== null) check(node.source, specifier, typeOnly);
  };
  return {
    ImportDeclaration: (node) =>
      visit(
        node,
        node.importKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type")),
      ),
    ExportNamedDeclaration: (node) =>
      visit(node, node.exportKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === "type"))),
    ExportAllDeclaration: (node) => visit(node, node.exportKind === "type"),
    ImportExpression: (node) => visit(node, false),
  };
}

const importBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Forbid imports from the named top-level folders (alias or relative)" },
    schema: [
      {
        type: "object",
        properties: { folders: { type: "array", items: { type: "string" }, minItems: 1 }, reason: { type: "string" } },
        required: ["folders"],
        additionalProperties: false,
      },
    ],
    messages: { forbidden: '"{{specifier}}" is in {{folder}}/: {{reason}}' },
  },
  create(context) {
    const { folders, reason = "this folder may not import it" } = context.options[0];
    return eachImport((node, specifier) => {
      const path = projectPath(context, specifier);
      const folder = path === null ? undefined : folders.find((candidate) => inFolder(path, candidate));
      if (folder !== undefined) context.report({ node, messageId: "forbidden", data: { specifier, folder, reason } });
    });
  },
};

const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: "A client component imports only types from lib/" },
    schema: [],
    messages: {
      value: '"{{specifier}}" is server code: a client component may import only types from lib/ (`import type`), and call the server through a server action.',
    },
  },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    if (first?.type !== "ExpressionStatement" || first.directive !== "use client") return {};
    return eachImport((node, specifier, typeOnly) => {
      const path = projectPath(context, specifier);
      if (!typeOnly && path !== null && inFolder(path, "lib")) context.report({ node, messageId: "value", data: { specifier } });
    });
  },
};

const plugin = {
  meta: { name: "switchboard-boundaries" },
  rules: { "import-boundary": importBoundary, "client-boundary": clientBoundary },
};

export default plugin;
