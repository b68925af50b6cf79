// The second half of `npm run build` (after `next build`): completes the standalone output.
import { relative } from "node:path";
import { standaloneServer } from "./standalone";

const server = standaloneServer();
process.stdout.write(`Standalone server ready: ${relative(process.cwd(), server)} (run it with \`npm run serve\`).\n`);
