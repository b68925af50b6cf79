// `npm run emulator`: the Cyclr emulator on its own.
import { startEmulator } from "./index";

const emulator = await startEmulator({
  apiPort: Number(process.env.EMULATOR_API_PORT ?? 4010),
  servicePort: Number(process.env.EMULATOR_SERVICE_PORT ?? 4011),
});
process.stdout.write(`Cyclr emulator: API ${emulator.apiUrl}, Service Domain ${emulator.serviceUrl}\n`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
