import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { POSTGRES_IN_USE, resetDatabase, startEmbeddedPostgres } from "@/tooling/db/embedded-postgres";
import { alive } from "@/tooling/processes";

// A data directory of its own (not the global setup's), kept between runs so only the
// first run pays for initdb, and a port free right now (a fixed one may be taken).

const root = resolve(import.meta.dirname, "../..");
const dataDir = resolve(root, ".data/test-postgres-lifecycle");
const options = { dataDir, port: 0, database: "lifecycle" };

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, "127.0.0.1", listening));
  const address = probe.address();
  options.port = typeof address === "object" && address ? address.port : 0;
  await new Promise((closed) => probe.close(closed));
});

const postmasterPid = () => Number(readFileSync(resolve(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

async function selectOne(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows[0];
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it("stops a PostgreSQL left running by a wrapper that was killed hard, then starts", async () => {
    // Another process starts the server and is then killed with SIGKILL: no cleanup runs.
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(resolve(root, "tooling/db/embedded-postgres.ts"))};
      await startEmbeddedPostgres(${JSON.stringify(options)});
      process.stdout.write("READY\\n");
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((ready, fail) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("READY") && ready());
      child.on("exit", () => fail(new Error(`the wrapper exited early: ${stderr}`)));
    });
    const orphan = postmasterPid();
    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));
    expect(alive(orphan)).toBe(true);

    const server = await startEmbeddedPostgres(options);
    try {
      expect(alive(orphan)).toBe(false);
      expect(postmasterPid()).not.toBe(orphan);
      expect(await selectOne(server.url)).toEqual({ one: 1 });
    } finally {
      await server.stop();
    }
  });

  it("refuses a data directory whose server belongs to a running process", async () => {
    const server = await startEmbeddedPostgres(options); // this process is its parent
    try {
      await expect(startEmbeddedPostgres(options)).rejects.toMatchObject({
        code: POSTGRES_IN_USE,
        ownerPid: process.pid,
        message: expect.stringMatching(/belongs to another running process/),
      });
      expect(await selectOne(server.url)).toEqual({ one: 1 });
    } finally {
      await server.stop();
    }
    await server.stop(); // stopping twice is harmless
  });

  it("removes the pid file of a process that is gone, and creates a missing database", async () => {
    const gone = spawnSync("true").pid;
    writeFileSync(resolve(dataDir, "postmaster.pid"), `${gone}\n${dataDir}\n`);
    const server = await startEmbeddedPostgres({ ...options, database: "lifecycle_new" });
    try {
      expect(await selectOne(server.url)).toEqual({ one: 1 });
    } finally {
      // Dropped again, so that the next run has to create it too.
      const admin = new pg.Client({ connectionString: server.url.replace(/\/lifecycle_new$/, "/postgres") });
      await admin.connect();
      await admin.query("DROP DATABASE lifecycle_new");
      await admin.end();
      await server.stop();
    }
  });
});

describe("resetDatabase", () => {
  it("refuses a server that is not on this machine, before connecting", async () => {
    await expect(resetDatabase("postgresql://u:p@db.example.com:5432/app")).rejects.toThrow(/not on this machine/);
    await expect(resetDatabase("not a url")).rejects.toThrow(/not on this machine/);
  });

  it("refuses PostgreSQL's own databases", async () => {
    await expect(resetDatabase("postgresql://u:p@localhost:1/postgres")).rejects.toThrow(/Refusing to reset the database "postgres"/);
    await expect(resetDatabase("postgresql://u:p@localhost:1/app", "template1")).rejects.toThrow(/Refusing/);
  });

  it("drops and recreates a database", async () => {
    const url = await resetDatabase(inject("testEnv").DATABASE_URL, "switchboard_reset_test");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE TABLE t (id int)");
    await client.end();
    await resetDatabase(url);
    const after = new pg.Client({ connectionString: url });
    await after.connect();
    const { rows } = await after.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await after.end();
    expect(rows[0]).toEqual({ n: 0 });
  });
});
