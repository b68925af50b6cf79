import { appearanceVariables, type PageAppearance } from "@/lib/connect/appearance";

/**
 * The connect page's themed root, rendered on the server: data-sb-theme and
 * data-sb-background pick the palette (app/globals.css lifts them to <html> with :has()),
 * and a <style> sets the accent, the text on it, the accent as text and the radius on
 * :root. The first HTML has the right colours; no JavaScript themes anything. The values
 * are validated hex colours and whole pixels (lib/connect/appearance.ts), nothing else.
 */
export function AppearanceRoot({ appearance, children }: { appearance: PageAppearance; children: React.ReactNode }) {
  const variables = Object.entries(appearanceVariables(appearance))
    .map(([name, value]) => `${name}:${value}`)
    .join(";");
  return (
    <div data-sb-theme={appearance.theme} data-sb-background={appearance.background}>
      <style>{`:root{${variables}}`}</style>
      {children}
    </div>
  );
}
