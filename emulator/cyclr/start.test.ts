import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startEmulator } from "./index";

// Starting and stopping: ports, loopback addresses, credentials, and the CLI entry.

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * `count` distinct free ports below Linux's ephemeral range (32768+), where the port of an
 * outgoing connection made meanwhile cannot take one; the probes stay open together, so no
 * port is handed out twice.
 */
async function freePorts(count: number): Promise<number[]> {
  const probes: ReturnType<typeof createServer>[] = [];
  while (probes.length < count) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const probe = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) probes.push(probe);
  }
  const ports = probes.map((probe) => (probe.address() as { port: number }).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

/** Whether this machine has an IPv6 loopback to test against. */
function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(0, "::1", () => probe.close(() => resolve(true)));
  });
}

describe("startEmulator", () => {
  it("serves both origins on random ports at http://localhost, over IPv4 and IPv6 loopback", async () => {
    const emulator = await startEmulator({ apiPort: 0, servicePort: 0 });
    try {
      const api = new URL(emulator.apiUrl);
      const service = new URL(emulator.serviceUrl);
      expect(api.hostname).toBe("localhost");
      expect(service.hostname).toBe("localhost");
      expect(api.port).not.toBe(service.port);
      expect((await fetch(`${emulator.apiUrl}/__emulator/state`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${api.port}/__emulator/state`)).status).toBe(200);
      if (await hasIpv6Loopback()) expect((await fetch(`http://[::1]:${api.port}/__emulator/state`)).status).toBe(200);
      // The page lives on the Service Domain only, the API on the API origin only.
      expect((await fetch(`${emulator.serviceUrl}/__emulator/state`)).status).toBe(404);
      expect((await fetch(`${emulator.apiUrl}/connectorauth/updateaccountconnectoroauth`)).status).toBe(404);
    } finally {
      await emulator.close();
    }
  });

  it("listens on the ports it is given, and frees them on close (twice is fine)", async () => {
    const [apiPort, servicePort] = (await freePorts(2)) as [number, number];
    const emulator = await startEmulator({ apiPort, servicePort });
    expect(emulator.apiUrl).toBe(`http://localhost:${apiPort}`);
    expect(emulator.serviceUrl).toBe(`http://localhost:${servicePort}`);
    await expect(startEmulator({ apiPort, servicePort: 0 })).rejects.toThrow(/EADDRINUSE/);
    await Promise.all([emulator.close(), emulator.close()]);
    const again = await startEmulator({ apiPort, servicePort });
    await again.close();
  });

  it("takes other client credentials", async () => {
    const emulator = await startEmulator({ apiPort: 0, servicePort: 0, clientId: "other", clientSecret: "s3cret" });
    try {
      const grant = (client_id: string, client_secret: string) =>
        fetch(`${emulator.apiUrl}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "client_credentials", client_id, client_secret }),
        });
      expect((await grant("switchboard-local", "switchboard-local-secret")).status).toBe(400);
      const ok = await grant("other", "s3cret");
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ clientId: "other" });
    } finally {
      await emulator.close();
    }
  });
});

describe("npm run emulator (main.ts)", () => {
  it("prints both URLs from EMULATOR_*_PORT and stops cleanly on SIGTERM", async () => {
    const [apiPort, servicePort] = (await freePorts(2)) as [number, number];
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "emulator/main.ts"], {
      cwd: root,
      env: { ...process.env, EMULATOR_API_PORT: String(apiPort), EMULATOR_SERVICE_PORT: String(servicePort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (!output.includes(`http://localhost:${servicePort}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toContain(`http://localhost:${apiPort}`);
    expect(output).toContain(`http://localhost:${servicePort}`);
    expect((await fetch(`http://localhost:${apiPort}/__emulator/state`)).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`http://localhost:${apiPort}/__emulator/state`)).rejects.toThrow();
  });
});
