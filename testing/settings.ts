import { provideSettings } from "@/lib/env";

/**
 * Sets these settings for the rest of a test (env() reads them afresh) and returns what
 * puts them back: `afterEach(useSettings({ RATE_LIMIT_HOST_API: "5" }))` or a call inside a test.
 */
export function useSettings(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  provideSettings({}); // drops env()'s cached parse, nothing else
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    provideSettings({});
  };
}
