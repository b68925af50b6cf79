import { createServer, connect, type Server, type Socket } from "node:net";

// A TCP relay in front of the e2e stack's PostgreSQL that reads the frontend side of the wire
// protocol as it passes, and keeps the text of every statement the app runs: a simple Query,
// or each Bind of a parsed statement (node-postgres parses unnamed statements, so a Bind
// after its Parse is one execution). A spec points an instance's DATABASE_URL at it to count
// what a request asks of the database, from outside the app. Nothing is changed on the way.

export type StatementLog = {
  port: number;
  /** The statements run since the last clear, in order. */
  statements: () => string[];
  clear: () => void;
  close: () => Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function statementLog(targetPort: number): Promise<StatementLog> {
  let run: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "localhost");
    sockets.add(client).add(upstream);
    const parsed = new Map<string, string>();
    let pending = Buffer.alloc(0);
    let started = false;
    client.on("data", (data: Buffer) => {
      upstream.write(data);
      pending = Buffer.concat([pending, data]);
      for (;;) {
        // Before the startup message: untyped messages (length first), SSL and GSS requests among them.
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]!);
        const body = pending.subarray(5, 1 + length);
        pending = pending.subarray(1 + length);
        const strings = (count: number) => {
          const out: string[] = [];
          let at = 0;
          for (let i = 0; i < count; i++) {
            const end = body.indexOf(0, at);
            out.push(body.subarray(at, end).toString("utf8"));
            at = end + 1;
          }
          return out;
        };
        if (type === "Q") run.push(strings(1)[0]!);
        else if (type === "P") {
          const [name, text] = strings(2);
          parsed.set(name!, text!);
        } else if (type === "B") {
          const [, statement] = strings(2);
          const text = parsed.get(statement!);
          if (text !== undefined) run.push(text);
        }
      }
    });
    upstream.on("data", (data: Buffer) => client.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the statement log has no port");
  return {
    port: address.port,
    statements: () => [...run],
    clear: () => {
      run = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
