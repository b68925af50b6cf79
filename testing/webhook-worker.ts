// A webhook dispatcher in its own process, for tests that kill it mid-retry and start
// another (a restart). Settings come from the environment; options as JSON in argv[2].
import { startDispatcher, type DispatchOptions } from "@/lib/webhooks/dispatcher";

const options = JSON.parse(process.argv[2] ?? "{}") as DispatchOptions & { pollMs: number };
startDispatcher(options);
process.stdout.write("ready\n");
