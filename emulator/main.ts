// `npm run emulator`: the Cyclr emulator on its own, until SIGINT or SIGTERM.
import { localSettings, type LocalSettings } from "@/lib/env";
import { startEmulator } from "./cyclr";

let settings: LocalSettings;
try {
  settings = localSettings(); // EMULATOR_API_PORT, EMULATOR_SERVICE_PORT (0: any free port)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

const emulator = await startEmulator({ apiPort: settings.EMULATOR_API_PORT, servicePort: settings.EMULATOR_SERVICE_PORT });
process.stdout.write(`Cyclr emulator\n  API:            ${emulator.apiUrl}\n  Service Domain: ${emulator.serviceUrl}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
