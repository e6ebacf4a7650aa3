#!/usr/bin/env node
import { run } from "./cli";

// a reader that stops early (`| head`) is not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const r = await run(process.argv.slice(2));
if (r.stdout) process.stdout.write(r.stdout + "\n");
if (r.stderr) process.stderr.write(r.stderr + "\n");
process.exitCode = r.code;
