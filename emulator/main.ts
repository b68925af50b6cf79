// `npm run emulator`: the Cyclr emulator on its own, until SIGINT or SIGTERM.
import { startEmulator } from "./cyclr";

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    process.stderr.write(`${name} must be a port number (0–65535), got "${raw}".\n`);
    process.exit(2);
  }
  return value;
}

const emulator = await startEmulator({ apiPort: port("EMULATOR_API_PORT", 4010), servicePort: port("EMULATOR_SERVICE_PORT", 4011) });
process.stdout.write(`Cyclr emulator\n  API:            ${emulator.apiUrl}\n  Service Domain: ${emulator.serviceUrl}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
